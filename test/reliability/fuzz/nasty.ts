/**
 * Hostile values: the strings, numbers, ids and JSON texts that break parsers, databases and
 * path handling. Each is an arbitrary, so fast-check can mix them in and shrink towards the
 * simplest one that still fails.
 */
import fc from 'fast-check';

export const MB = 1 << 20;

/** Marks a value to be spliced into the JSON text as written (deep nesting the client could not stringify). */
export interface RawJson {
  $raw: string;
}
export const isRawJson = (v: unknown): v is RawJson => typeof v === 'object' && v !== null && '$raw' in v;

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Text that is valid but awkward: astral planes, right-to-left, NUL, combining marks, BOM. */
const awkwardPieces = fc.constantFrom(
  '😀', '𝕏𝔂𝔃', '\u{10FFFF}', '\u202Eevil\u202C', 'שלום', 'مرحبا', '\u0000', 'a\u0000b', '\uFEFF', 'e\u0301\u0301\u0301',
  '\u200B', '\r\n', '\n', '\t', '"', '\\', '<|endoftext|>', '<|im_start|>', "'; DROP TABLE objects; --", '%s%n', '${x}', '{{x}}', '<script>', '../..', '..\\..', '/', '%00',
);

/** A short hostile string (a few pieces, or any code points). */
export const shortNasty: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.oneof(awkwardPieces, loneSurrogate, fc.string({ unit: 'binary', maxLength: 4 })), { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', 'true', '0', '-1', '[object Object]', '__proto__', 'constructor'),
);

/** One MB (or just over) of text: repeated ASCII, repeated astral characters, or with a NUL in the middle. */
const hugeString: fc.Arbitrary<string> = fc.constantFrom('a', '😀', 'ش', 'x\u0000').map((unit) => unit.repeat(Math.ceil(MB / unit.length) + 1));

/** Strings for any field: mostly short and hostile, sometimes long (4–64 KB), rarely one MB. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: shortNasty },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('x', 'é', '😀'), fc.integer({ min: 4_000, max: 65_000 })).map(([u, n]) => u.repeat(n)) },
  { weight: 1, arbitrary: hugeString },
);

const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 0.1, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), Number.MIN_VALUE, 255, 256, 100, 101, 4097),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Arrays or objects nested thousands deep, sent as raw text (JSON.stringify itself recurses). */
export const deepNesting: fc.Arbitrary<RawJson> = fc.tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 2_000, max: 100_000 })).map(([open, depth]) => ({
  $raw: open === '[' ? '['.repeat(depth) + ']'.repeat(depth) : open.repeat(depth) + '1' + '}'.repeat(depth),
}));

/** A JSON value to put where the schema wants something else. */
export const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(null, true, false, '', [], {}, [null], { '': '' }, ['a', 1], JSON.parse('{"__proto__":{"x":1}}'), { constructor: {} }) },
  { weight: 4, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(shortNasty, { minLength: 100, maxLength: 3_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 5_000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]))) },
  { weight: 1, arbitrary: deepNesting },
);

/** Keys that probe prototype handling and limits when added to an object. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'id', 'object', 'stream', 'x'.repeat(65), '$ref'),
  shortNasty,
);

/**
 * Path segments that are not a usable id, written as they go on the wire (already
 * percent-encoded where needed): wrong prefixes, traversal, bad encodings, huge lengths.
 */
export const badIdSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'asst_x', 'thread_', 'msg_', 'run_', 'file-', 'vs_', 'vsfb_', 'call_x', 'step_x', 'undefined', 'null', '0', '-1', 'NaN',
    '..%2F..%2Fetc%2Fpasswd', '..%2F', '%2E%2E', '%2e%2e%2f%2e%2e%2f', '..%5C..%5Cwindows', 'file-..%2F..%2Ftutor.sqlite', 'file-%00', '%00',
    '%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF%FE', '%25', '%2F', '%3F', '%23', '%20', '+', ';', '~', '*',
    "'%20OR%201%3D1%20--", '%F0%9F%98%80', '%E2%80%AE', 'thread_%0D%0AX-Injected:%201',
  ),
  fc.tuple(fc.constantFrom('asst_', 'thread_', 'msg_', 'run_', 'file-', 'vs_', ''), fc.constantFrom(1_000, 8_000)).map(([p, n]) => p + 'A'.repeat(n)),
  // Longer than Node's 16 KB header limit: answered by the HTTP layer, not the routes.
  fc.constant('thread_' + 'B'.repeat(40_000)),
  shortNasty.filter((s) => s.length > 0 && !/[\uD800-\uDFFF]/.test(s)).map(encodeURIComponent),
);

/** JSON texts a careless client sends: empty, cut short, trailing commas, the wrong encoding. */
export const brokenJsonText: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom('{', '}', '{"a":}', '{"model":"x",}', "{'model':'x'}", '{"model":"x"}{"model":"y"}', 'nul', 'undefined', 'NaN', '[1,2', '"unterminated',
    '\uFEFF{"model":"x"}', '{"model":"x"} trailing', '{"model":"\\ud800"}', '{"a":1e999999}', '{"__proto__":{"polluted":1}}', '{"model":"x","model":1}', '\u0000'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  // Not UTF-8 at all.
  fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), new Uint8Array([0xc0, 0xaf, 0xed, 0xa0, 0x80])),
);
