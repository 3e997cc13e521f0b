import type OpenAI from 'openai';
import type { CitationSource } from './annotationViews';

/**
 * The files answers point at: where each answer's citation chips lead (file and quoted passage),
 * and a readable name for any file id.
 */
export class AnswerFiles {
  private readonly citations = new Map<string, CitationSource[]>();

  constructor(
    private readonly knowledge: { relativePathOf(fileId: string): string | undefined; openCitation(fileId: string, quote?: string): Promise<boolean> },
    private readonly client: () => Promise<{ client: OpenAI }>,
  ) {}

  remember(messageId: string, sources: CitationSource[]): void {
    this.citations.set(messageId, sources);
  }

  /** Opens the file a citation chip points at, at the quoted passage; false for an unknown chip. */
  async openCitation(messageId: string, n: number): Promise<boolean> {
    const source = this.citations.get(messageId)?.find((c) => c.n === n);
    return source ? this.knowledge.openCitation(source.fileId, source.quote) : false;
  }

  /** A file's readable name: its workspace path for knowledge files, else its upload name. */
  async fileName(fileId: string): Promise<string> {
    const known = this.knowledge.relativePathOf(fileId);
    if (known) return known;
    try {
      const { client } = await this.client();
      return (await client.files.retrieve(fileId)).filename;
    } catch {
      return fileId;
    }
  }
}
