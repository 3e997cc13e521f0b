/**
 * Collects a cell's stdout and stderr, interleaved as printed, up to a limit. Past the limit
 * bytes are only counted: an output flood costs the worker no memory and the model no tokens.
 */
export class OutputSink {
  private parts: string[] = [];
  private kept = 0;
  private limit = 0;
  private omitted = 0;
  private decoders = { out: new TextDecoder(), err: new TextDecoder() };
  private noted = new Set<string>();

  start(limitChars: number): void {
    this.parts = [];
    this.kept = 0;
    this.omitted = 0;
    this.limit = limitChars;
    this.decoders = { out: new TextDecoder(), err: new TextDecoder() };
    this.noted.clear();
  }

  /** Takes raw bytes from Python's stream (UTF-8, possibly split mid-character); returns their count. */
  write(bytes: Uint8Array, stream: 'out' | 'err'): number {
    if (this.kept >= this.limit) {
      this.omitted += bytes.length;
      return bytes.length;
    }
    this.append(this.decoders[stream].decode(bytes, { stream: true }));
    return bytes.length;
  }

  /** A line from the sandbox itself (e.g. "network access is disabled"), once per cell. */
  note(line: string): void {
    if (this.noted.has(line)) return;
    this.noted.add(line);
    const last = this.parts.at(-1);
    this.append(`${last && !last.endsWith('\n') ? '\n' : ''}${line}\n`);
  }

  finish(): { text: string; omittedBytes: number } {
    const text = this.parts.join('');
    this.parts = [];
    return { text, omittedBytes: this.omitted };
  }

  private append(text: string): void {
    const room = this.limit - this.kept;
    if (text.length <= room) {
      this.parts.push(text);
      this.kept += text.length;
      return;
    }
    this.parts.push(text.slice(0, room));
    this.kept = this.limit;
    this.omitted += Buffer.byteLength(text.slice(room));
  }
}
