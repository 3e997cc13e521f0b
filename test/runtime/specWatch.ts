import { schemaForResponseEvent, schemaForStreamEvent, specErrors } from '../harness/spec';

/** Which spec schema a JSON response body should match, from its `object` and the request path. */
export function schemaForBody(body: Record<string, unknown>, path: string): string | undefined {
  if ('error' in body && !('object' in body)) return 'ErrorResponse';
  if (!('object' in body) && typeof body.type === 'string' && /\/conversations\/[^/]+\/items\/[^/]+$/.test(path)) return 'ConversationItem';
  switch (body.object) {
    case 'assistant': return 'AssistantObject';
    case 'thread': return 'ThreadObject';
    case 'thread.message': return 'MessageObject';
    case 'thread.run': return 'RunObject';
    case 'thread.run.step': return 'RunStepObject';
    case 'assistant.deleted': return 'DeleteAssistantResponse';
    case 'thread.deleted': return 'DeleteThreadResponse';
    case 'thread.message.deleted': return 'DeleteMessageResponse';
    case 'file': return body.deleted === true ? 'DeleteFileResponse' : 'OpenAIFile';
    case 'vector_store': return 'VectorStoreObject';
    case 'vector_store.deleted': return 'DeleteVectorStoreResponse';
    case 'vector_store.file': return 'VectorStoreFileObject';
    case 'vector_store.file.deleted': return 'DeleteVectorStoreFileResponse';
    case 'vector_store.files_batch': return 'VectorStoreFileBatchObject';
    case 'vector_store.search_results.page': return 'VectorStoreSearchResultsPage';
    case 'vector_store.file_content.page': return 'VectorStoreFileContentResponse';
    case 'response': return 'Response';
    case 'conversation': return 'ConversationResource';
    case 'conversation.deleted': return 'DeletedConversationResource';
    case 'container': return 'ContainerResource';
    case 'list':
      if (/\/containers$/.test(path)) return 'ContainerListResource';
      if (/\/vector_stores\/[^/]+(\/file_batches\/[^/]+)?\/files$/.test(path)) return 'ListVectorStoreFilesResponse';
      if (/\/vector_stores$/.test(path)) return 'ListVectorStoresResponse';
      if (/\/steps$/.test(path)) return 'ListRunStepsResponse';
      if (/\/runs$/.test(path)) return 'ListRunsResponse';
      if (/\/messages$/.test(path)) return 'ListMessagesResponse';
      if (/\/assistants$/.test(path)) return 'ListAssistantsResponse';
      if (/\/files$/.test(path)) return 'ListFilesResponse';
      if (/\/conversations\/[^/]+\/items$/.test(path)) return 'ConversationItemList';
      if (/\/responses\/[^/]+\/input_items$/.test(path)) return 'ResponseItemList';
      return undefined;
    default: return undefined;
  }
}

/**
 * Passes a runtime response through unchanged while checking it against the OpenAPI spec: JSON
 * bodies by their object type, and each SSE event's data by its event name. Problems are pushed
 * onto `violations`, naming the field, so a test can assert there were none. Stream checks finish
 * asynchronously; their promises go onto `pending` so the caller can wait for them.
 */
export async function specViolations(response: Response, violations: string[], requestUrl: string, pending: Promise<void>[] = []): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  const path = new URL(requestUrl).pathname;
  if (type.includes('application/json')) {
    const text = await response.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    // The spec gives DELETE /responses/{id} no body schema; OpenAI answers {id, object, deleted}.
    if ((body.object === 'response' || body.object === 'container.deleted') && body.deleted === true) {
      if (typeof body.id !== 'string' || Object.keys(body).length !== 3) violations.push(`a deleted response is {id, object, deleted}: ${text}`);
      return new Response(text, { status: response.status, headers: response.headers });
    }
    const schema = schemaForBody(body, path);
    if (schema) violations.push(...specErrors(schema, body));
    else violations.push(`no schema known for a response with object "${String(body.object)}"`);
    return new Response(text, { status: response.status, headers: response.headers });
  }
  if (type.includes('text/event-stream') && response.body) {
    const [mine, theirs] = response.body.tee();
    pending.push((async () => {
      const text = await new Response(mine).text();
      for (const block of text.split('\n\n').filter(Boolean)) {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) {
          violations.push(`SSE block without event or data: ${block.slice(0, 80)}`);
          continue;
        }
        if (event === 'done') continue;
        const schema = event.startsWith('response.') || (event === 'error' && path.includes('/responses')) ? schemaForResponseEvent(event) : schemaForStreamEvent(event);
        if (!schema) violations.push(`no schema known for stream event ${event}`);
        else violations.push(...specErrors(schema, JSON.parse(data)).map((e) => `${event}: ${e}`));
      }
    })());
    return new Response(theirs, { status: response.status, headers: response.headers });
  }
  return response;
}
