/** The SVG tests lean on parseXml to reject malformed output: check that it does. */
import { describe, expect, it } from 'vitest';
import { findAll, parseXml, textOf, XmlSyntaxError } from './xmlTree.js';

describe('parseXml', () => {
  it.each([
    ['a raw ampersand in text', '<a>fish & chips</a>'],
    ['a raw "<" in text', '<a>1 < 2</a>'],
    ['a raw "<" in an attribute', '<a x="<"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['a repeated attribute', '<a x="1" x="2"/>'],
    ['attributes without whitespace between them', '<a x="1"y="2"/>'],
    ['crossed tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b/>'],
    ['two root elements', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['an undeclared entity', '<a>&nbsp;</a>'],
    ['a reference without ";"', '<a>&amp</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['a reference to a control character', '<a>&#1;</a>'],
    ['"--" inside a comment', '<a><!-- a -- b --></a>'],
    ['"]]>" in text', '<a>]]></a>'],
    ['an empty document', ''],
  ])('rejects %s', (_, doc) => {
    expect(() => parseXml(doc)).toThrow(XmlSyntaxError);
  });

  it('parses a well-formed document and decodes references', () => {
    const doc = `<?xml version="1.0"?>\n<!-- c --><svg xmlns="http://www.w3.org/2000/svg" a='x &amp; "y"'>
      <rect class="bar"><title>a&lt;b&gt;&amp;&quot;c&quot; &#x41;&#66;</title></rect><g><rect/></g><![CDATA[<raw>]]>
    </svg>\n`;
    const root = parseXml(doc);
    expect(root.name).toBe('svg');
    expect(root.attributes).toStrictEqual({ xmlns: 'http://www.w3.org/2000/svg', a: 'x & "y"' });
    const rects = findAll(root, (e) => e.name === 'rect');
    expect(rects).toHaveLength(2);
    expect(textOf(rects[0] as (typeof rects)[number])).toBe('a<b>&"c" AB');
    expect(textOf(root)).toContain('<raw>');
  });
});
