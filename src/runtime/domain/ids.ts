import { randomFillSync } from 'node:crypto';
import { ID_PREFIX, type IdKind } from './objects';

/** Makes object ids. Injected so tests can make them predictable. */
export type IdSource = (kind: IdKind) => string;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz';

/**
 * Ids whose text sorts in creation order (a millisecond clock and a counter, then randomness), so
 * paging by (created_at, id) lists objects made in the same second in the order they were made.
 */
export function createIdSource(now: () => number = Date.now): IdSource {
  let lastMs = 0;
  let counter = 0;
  return (kind) => {
    const ms = now();
    counter = ms === lastMs ? counter + 1 : 0;
    lastMs = ms;
    const time = encode(ms, 9) + encode(counter, 4);
    return `${ID_PREFIX[kind]}${time}${randomText(11)}`;
  };
}

/** Random bytes drawn a pool at a time: one kernel call per few hundred ids instead of one each. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomText(length: number): string {
  if (poolAt + length > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[pool[poolAt++]! % ALPHABET.length];
  return out;
}

function encode(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[v % ALPHABET.length] + out;
    v = Math.floor(v / ALPHABET.length);
  }
  return out;
}
