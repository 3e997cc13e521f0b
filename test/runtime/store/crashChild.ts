// Run by crash.test.ts in a child process: writes, then dies by SIGKILL with no chance to flush
// or close, the way a killed extension host does. Usage: crashChild.ts <dir> <flush|wait|none>.
import { createObjectStore } from '../../../src/runtime/store/objectStore';
import { openTestDatabase } from './helpers';

async function main(): Promise<void> {
  const [dir, mode] = process.argv.slice(2);
  if (!dir || !mode) throw new Error('usage: crashChild.ts <dir> <flush|wait|none>');
  const db = await openTestDatabase(dir);
  const store = createObjectStore(db);
  await db.flush();
  const at = Math.floor(Date.now() / 1000);
  await store.insert('thread', { id: 'thread_crash', object: 'thread', created_at: at });
  await store.insert('message', { id: 'msg_crash', object: 'thread.message', created_at: at }, { thread_id: 'thread_crash' });
  if (mode === 'flush') await db.flush();
  if (mode === 'wait') await new Promise((resolve) => setTimeout(resolve, 100));
  // Batched, and given no time to be saved.
  await store.insert('run', { id: 'run_crash', object: 'thread.run', created_at: at, status: 'in_progress' }, { thread_id: 'thread_crash' });
  process.stdout.write(`${db.name}\n`);
  process.kill(process.pid, 'SIGKILL');
}

void main();
