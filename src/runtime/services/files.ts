import { type Clock, seconds } from '../domain/clock';
import { invalidInput, notFound } from '../domain/errors';
import type { IdSource } from '../domain/ids';
import type { FileObject } from '../domain/objects';
import type { FileBlobs } from '../store/fileBlobs';
import type { ObjectStore, Page, PageQuery } from '../store/types';

/** Purposes this runtime accepts on upload; the others belong to APIs it does not serve. */
const UPLOAD_PURPOSES = ['assistants', 'vision', 'user_data'] as const;

/** Uploaded files: their objects in the store, their bytes in the blob folder. */
export class FileService {
  constructor(
    private readonly store: ObjectStore,
    readonly blobs: FileBlobs,
    private readonly ids: IdSource,
    private readonly clock: Clock,
  ) {}

  /** Makes a File of an upload already on disk at `tmpPath` (its bytes move into the blob folder). */
  async create(purpose: string | undefined, file: { tmpPath: string; filename: string; bytes: number } | undefined): Promise<FileObject> {
    if (purpose === undefined) throw invalidInput("Missing required parameter: 'purpose'.", 'purpose', 'missing_required_parameter');
    if (!(UPLOAD_PURPOSES as readonly string[]).includes(purpose)) {
      throw invalidInput(`Invalid 'purpose': this server accepts ${UPLOAD_PURPOSES.map((p) => `'${p}'`).join(', ')}.`, 'purpose', 'invalid_value');
    }
    if (!file) throw invalidInput("Missing required parameter: 'file' (a file part).", 'file', 'missing_required_parameter');
    const object: FileObject = {
      id: this.ids('file'), object: 'file', bytes: file.bytes, created_at: seconds(this.clock()),
      filename: baseName(file.filename || 'upload'), purpose: purpose as FileObject['purpose'], status: 'processed',
    };
    await this.blobs.adopt(object.id, file.tmpPath);
    return await this.store.insert('file', object);
  }

  async list({ purpose, ...page }: PageQuery & { purpose?: string | undefined }): Promise<Page<FileObject>> {
    if (!purpose) return await this.store.list<FileObject>('file', {}, page);
    // Few files per user: filtering a full page keeps one query set for every kind.
    const all = await this.store.list<FileObject>('file', {}, { ...page, limit: 10_000 });
    const data = all.data.filter((f) => f.purpose === purpose).slice(0, page.limit);
    return { data, has_more: all.data.filter((f) => f.purpose === purpose).length > data.length };
  }

  async get(id: string): Promise<FileObject> {
    const f = await this.store.get<FileObject>('file', id);
    if (!f) throw notFound('file', id);
    return f;
  }

  async remove(id: string): Promise<FileObject> {
    const f = await this.get(id);
    await this.store.delete('file', f.id);
    await this.blobs.remove(f.id);
    return f;
  }
}

/** Keeps only the last path segment of an uploaded name (browsers and SDKs may send a path). */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop()!.slice(0, 255) || 'upload';
}
