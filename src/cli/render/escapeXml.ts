/** Text made safe for XML: the SVG renderer's one defence against names and notes with markup in them. */

/** XML 1.0's `Char` production: anything else (C0 controls, lone surrogates, U+FFFE/FFFF) cannot appear even escaped. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text made safe for XML content and attribute values. */
export function escapeXml(text: string): string {
  let chars = text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) {
      // Rare: iterate code points (a lone surrogate comes out alone) and replace what XML forbids.
      chars = Array.from(text, (ch) => (isXmlChar(ch.codePointAt(0) ?? 0) ? ch : '\uFFFD')).join('');
      break;
    }
  }
  return chars.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
