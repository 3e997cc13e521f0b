/**
 * Output whose trailing spaces wait for what follows: text before a `\[` in mid-line ends its
 * line there, and a space left at a line's end would be noise (two would be a hard break).
 */
export class HeldSpaceOutput {
  private text = '';
  private held = '';

  write(s: string): void {
    const all = this.held + s;
    const body = all.replace(/[ \t]+$/, '');
    this.held = all.slice(body.length);
    this.text += body;
  }

  dropHeldSpaces(): void {
    this.held = '';
  }

  flush(): void {
    this.text += this.held;
    this.held = '';
  }

  take(): string {
    const t = this.text;
    this.text = '';
    return t;
  }
}
