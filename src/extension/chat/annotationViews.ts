import type { Message, TextContentBlock } from 'openai/resources/beta/threads/messages';
import type { CitationView, FileLinkView } from '../../common/protocol';

/** Where a citation chip points: the cited file, and the passage to open it at. */
export interface CitationSource {
  n: number;
  fileId: string;
  quote?: string;
}

/**
 * A message's annotations as the chat shows them: numbered citation chips (one per distinct
 * marker) and links to generated files, plus where each chip points. Used for answers as they
 * finish and for threads loaded again later, so both look the same.
 */
export async function annotationViews(message: Pick<Message, 'content'>, fileName: (fileId: string) => Promise<string>): Promise<{ citations: CitationView[]; files: FileLinkView[]; sources: CitationSource[] } | undefined> {
  const text = message.content.find((c): c is TextContentBlock => c.type === 'text');
  const annotations = text?.text.annotations ?? [];
  if (annotations.length === 0) return undefined;
  const citations: CitationView[] = [];
  const sources: CitationSource[] = [];
  const files: FileLinkView[] = [];
  for (const a of annotations) {
    if (a.type === 'file_citation') {
      if (citations.some((c) => c.marker === a.text)) continue;
      const n = citations.length + 1;
      // OpenAI's v1 citations carried the quoted passage; the runtime still sends it (extra field).
      const quote = (a.file_citation as { quote?: string }).quote;
      citations.push({ n, marker: a.text, fileName: await fileName(a.file_citation.file_id) });
      sources.push({ n, fileId: a.file_citation.file_id, ...(quote ? { quote } : {}) });
    } else if (!files.some((f) => f.marker === a.text)) {
      files.push({ marker: a.text, fileId: a.file_path.file_id, fileName: await fileName(a.file_path.file_id) });
    }
  }
  return { citations, files, sources };
}
