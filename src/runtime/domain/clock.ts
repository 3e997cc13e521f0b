/** Milliseconds since the epoch. Injected so tests control time (expiry, paging). */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Unix seconds, as every `*_at` field of the API uses. */
export const seconds = (ms: number): number => Math.floor(ms / 1000);

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
