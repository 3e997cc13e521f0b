/**
 * The whole character (code point) that ends just before `at` in `text`: a character outside the
 * BMP (𠮷, an emoji) is two UTF-16 units, and reading one unit would see half of it.
 */
export function charBefore(text: string, at: number): string | undefined {
  const unit = text.charCodeAt(at - 1);
  if (unit >= 0xdc00 && unit <= 0xdfff && at >= 2) return String.fromCodePoint(text.codePointAt(at - 2)!);
  return text[at - 1];
}
