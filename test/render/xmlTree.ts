/**
 * A strict, small XML 1.0 parser for the SVG tests: it throws on anything not well-formed (the
 * subset without DTDs: elements, attributes, the five predefined entities, character references,
 * comments, CDATA, processing instructions) and returns a tree to query, with references decoded.
 * Node has no XML parser built in, and a hand-checked one avoids a dependency for the tests.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][A-Za-z0-9._:-]*/y;

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

/** Parses a whole document; throws {@link XmlSyntaxError} with the offset of the first fault. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  for (const ch of src) {
    const c = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(c)) throw new XmlSyntaxError(`character U+${c.toString(16)} is not allowed in XML`);
  }
  const fail = (message: string): never => {
    throw new XmlSyntaxError(`offset ${i}: ${message} near ${JSON.stringify(src.slice(i, i + 20))}`);
  };
  const startsWith = (s: string) => src.startsWith(s, i);
  const skipSpace = () => {
    while (i < src.length && ' \t\r\n'.includes(src[i] as string)) i++;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (m === null) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const until = (end: string, what: string): string => {
    const j = src.indexOf(end, i);
    if (j < 0) fail(`unterminated ${what}`);
    const body = src.slice(i, j);
    i = j + end.length;
    return body;
  };
  const reference = (): string => {
    i++; // '&'
    const m = /^(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][A-Za-z0-9._:-]*);/.exec(src.slice(i, i + 40));
    if (m === null) return fail('"&" that does not start a reference');
    const ref = m[1] as string;
    i += m[0].length;
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x')
        ? Number.parseInt(ref.slice(2), 16)
        : Number.parseInt(ref.slice(1), 10);
      if (!isXmlChar(code)) fail(`reference to a character XML does not allow: ${ref}`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    return value ?? fail(`undeclared entity &${ref};`);
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (startsWith('<!--')) comment();
      else if (startsWith('<?')) {
        i += 2;
        until('?>', 'processing instruction');
      } else return;
    }
  };
  const comment = () => {
    i += 4;
    const body = until('-->', 'comment');
    if (body.includes('--') || body.endsWith('-')) fail('"--" inside a comment');
  };
  const element = (): XmlElement => {
    if (!startsWith('<')) fail('expected "<"');
    i++;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (startsWith('/>')) {
        i += 2;
        return { name: tag, attributes, children: [] };
      }
      if (startsWith('>')) {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attr = name();
      skipSpace();
      if (!startsWith('=')) fail(`attribute ${attr} without "="`);
      i++;
      skipSpace();
      const quote = src[i];
      if (quote !== '"' && quote !== "'") return fail(`attribute ${attr} value is not quoted`);
      i++;
      let value = '';
      while (src[i] !== quote) {
        if (i >= src.length) fail('unterminated attribute value');
        if (src[i] === '<') fail(`"<" in the value of ${attr}`);
        if (src[i] === '&') value += reference();
        else value += src[i++];
      }
      i++;
      if (Object.hasOwn(attributes, attr)) fail(`attribute ${attr} given twice`);
      attributes[attr] = value;
    }
    const children: XmlNode[] = [];
    let textRun = '';
    const flush = () => {
      if (textRun !== '') children.push(textRun);
      textRun = '';
    };
    for (;;) {
      if (i >= src.length) fail(`<${tag}> is not closed`);
      if (startsWith('</')) {
        i += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        skipSpace();
        if (!startsWith('>')) fail('expected ">"');
        i++;
        flush();
        return { name: tag, attributes, children };
      }
      if (startsWith('<!--')) comment();
      else if (startsWith('<![CDATA[')) {
        i += 9;
        textRun += until(']]>', 'CDATA section');
      } else if (startsWith('<?')) {
        i += 2;
        until('?>', 'processing instruction');
      } else if (startsWith('<')) {
        flush();
        children.push(element());
      } else if (startsWith('&')) textRun += reference();
      else if (startsWith(']]>')) fail('"]]>" in text');
      else textRun += src[i++];
    }
  };

  if (src.charCodeAt(0) === 0xfeff) i = 1;
  misc();
  const root = element();
  misc();
  if (i < src.length) fail('content after the root element');
  return root;
}

/** Every element below `root` (and root itself) that satisfies `test`, in document order. */
export function findAll(root: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    if (test(e)) found.push(e);
    for (const c of e.children) if (typeof c !== 'string') visit(c);
  };
  visit(root);
  return found;
}

/** The text inside an element, references decoded. */
export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
