import * as assert from 'node:assert/strict';
import { toFile } from 'openai';
import { openFixture, type Fixture } from '../../fixture';

describe('Files API', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await openFixture({ maxFileBytes: 1024 });
  });
  afterEach(async function () {
    await fx.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(fx.violations, [], 'responses must match the OpenAPI spec');
  });

  it('uploads, lists, retrieves, downloads and deletes a file through the SDK', async () => {
    const { client } = fx;
    const text = '# Notes\n\n$3x + 11 = 14$\n';
    const created = await client.files.create({ file: await toFile(Buffer.from(text), 'notes.md'), purpose: 'assistants' });
    assert.match(created.id, /^file-/);
    assert.deepEqual([created.filename, created.bytes, created.purpose, created.status], ['notes.md', Buffer.byteLength(text), 'assistants', 'processed']);
    const image = await client.files.create({ file: await toFile(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'dir/plot.png'), purpose: 'vision' });
    assert.equal(image.filename, 'plot.png', 'only the last path segment is kept');

    const all = [];
    for await (const f of client.files.list()) all.push(f.id);
    assert.deepEqual(all, [image.id, created.id]);
    const vision = await client.files.list({ purpose: 'vision' });
    assert.deepEqual(vision.data.map((f) => f.id), [image.id]);

    assert.equal((await client.files.retrieve(created.id)).filename, 'notes.md');
    const content = await client.files.content(created.id);
    assert.equal(content.headers.get('content-type'), 'text/markdown');
    assert.equal(await content.text(), text);

    const deleted = await client.files.delete(created.id);
    assert.deepEqual(deleted, { id: created.id, object: 'file', deleted: true });
    await assert.rejects(client.files.retrieve(created.id), (err: unknown) => err instanceof Error && (err as { status?: number }).status === 404);
    await assert.rejects(client.files.content(created.id), (err: unknown) => (err as { status?: number }).status === 404);
  });

  it('keeps a file name outside ASCII as written (Chinese, accents, emoji), in the file and in what lists and searches show', async () => {
    const { client } = fx;
    for (const name of ['二次方程与判别式.md', 'Übungen – Lösung.md', '笔记 📐.txt']) {
      const created = await client.files.create({ file: await toFile(Buffer.from('内容'), name), purpose: 'assistants' });
      assert.equal(created.filename, name);
      assert.equal((await client.files.retrieve(created.id)).filename, name);
    }
    // Through a bare FormData too (what a browser or another client sends), not only the SDK.
    const form = new FormData();
    form.append('purpose', 'assistants');
    form.append('file', new Blob(['x']), '勾股定理.md');
    const response = await fx.runtime.fetch(new Request('http://tutor.local/v1/files', { method: 'POST', body: form }));
    assert.equal(((await response.json()) as { filename: string }).filename, '勾股定理.md');
  });

  it('refuses oversized files (413), unknown purposes and malformed uploads (400) clearly', async () => {
    const { client, runtime } = fx;
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.alloc(2048), 'big.bin'), purpose: 'assistants' }),
      (err: unknown) => (err as { status?: number }).status === 413 && /The file is larger than this endpoint accepts \(1 KB\)/.test((err as Error).message),
    );
    await assert.rejects(
      client.files.create({ file: await toFile(Buffer.from('x'), 'a.txt'), purpose: 'batch' }),
      (err: unknown) => (err as { status?: number; param?: string }).status === 400 && (err as { param?: string }).param === 'purpose',
    );
    const truncated = await runtime.fetch(new Request('http://tutor.local/v1/files', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nassistants\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhal',
    }));
    assert.equal(truncated.status, 400);
    const body = (await truncated.json()) as { error: { type: string; param: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    const notMultipart = await runtime.fetch(new Request('http://tutor.local/v1/files', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    assert.equal(notMultipart.status, 400);
    assert.equal((await client.files.list()).data.length, 0, 'nothing half-stored');
  });
});
