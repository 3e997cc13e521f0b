// The timers both hosts of src/common provide (the browser's and Node's), and nothing more, so
// shared code cannot lean on an API only one side has.
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(timer: unknown): void;
