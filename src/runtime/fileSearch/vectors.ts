/**
 * Embedding vectors as the chunk index keeps them: unit length (so cosine similarity is a dot
 * product) and stored in SQLite as little-endian float32 BLOBs (4 bytes a dimension; doubles would
 * double the database for precision no ranking needs).
 */

/** The vector scaled to unit length, as float32; undefined for a zero or non-finite vector. */
export function unitVector(values: readonly number[] | Float32Array): Float32Array | undefined {
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm);
  if (!Number.isFinite(norm) || norm === 0) return undefined;
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / norm;
  return out;
}

/** Dot product; for unit vectors of the same length, their cosine similarity. */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function toBlob(vector: Float32Array): Uint8Array {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i]!, true);
  return bytes;
}

/** The vector in a BLOB; undefined for a missing or malformed one (it then takes no part in ranking). */
export function fromBlob(blob: unknown): Float32Array | undefined {
  if (!(blob instanceof Uint8Array) || blob.length === 0 || blob.length % 4 !== 0) return undefined;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Float32Array(blob.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
