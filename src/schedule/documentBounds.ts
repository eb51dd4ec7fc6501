/**
 * Bounds on the YAML itself, checked before anything walks the data: the size of the text and the
 * depth of its flow collections (before parsing: the YAML parser aborts the whole process on
 * thousands of nested `[`), then what the document expands to once aliases are followed (before
 * converting it: a 245 KB file whose one list is aliased 989 times is 13 million nodes), the
 * number of aliases, aliases that contain themselves, and numbers not written in plain decimal.
 * Each problem carries the text offset it is about.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, Scalar } from 'yaml';
import { formatCount, LIMITS } from './limits.js';

export interface BoundsProblem {
  readonly offset: number;
  readonly message: string;
}

/** The size of the text and the nesting of its flow collections; null when both are within limits. */
export function checkText(text: string): BoundsProblem | null {
  // A UTF-8 byte count without a copy: characters above U+007F take 2 to 4 bytes.
  const bytes = text.length > LIMITS.fileBytes / 4 ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > LIMITS.fileBytes) return { offset: 0, message: fileSizeMessage(bytes) };
  return scanProblem(text);
}

/** The message for a file over the size limit (also given by callers that see the size before reading). */
export function fileSizeMessage(bytes: number): string {
  return `the file has ${formatCount(bytes)} bytes; a schedule file may have at most ${formatCount(LIMITS.fileBytes)}`;
}

const OPEN_SQUARE = 0x5b;
const OPEN_CURLY = 0x7b;
const CLOSE_SQUARE = 0x5d;
const CLOSE_CURLY = 0x7d;
const SINGLE = 0x27;
const DOUBLE = 0x22;
const HASH = 0x23;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const COMMA = 0x2c;

/**
 * Finds the first `[` or `{` nested deeper than the limit, the first alias beyond the limit, and
 * the first item beyond the limit of one list or mapping (the parser takes seconds and hundreds of
 * MB for 200,000 of either before any count of its own could stop it). A light
 * scan, not a YAML parser: a quote, bracket or `*` counts only where a value may start (line start,
 * after `:`, `-`, `,`, `[`, `{`, `?`), and a `#` only after white space, so text and comments do
 * not count.
 */
function scanProblem(text: string): BoundsProblem | null {
  let depth = 0;
  let aliases = 0;
  let valueStart = true;
  let lineStart = true;
  let indent = 0;
  /** Items so far of each open flow collection, innermost last. */
  const flowItems: number[] = [];
  /** Block sequences open at each indentation, with their items so far. */
  const blockItems: { indent: number; items: number }[] = [];
  const tooMany = (offset: number): BoundsProblem => ({
    offset,
    message: `this list or mapping has more than ${formatCount(LIMITS.listItems)} items`,
  });
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      valueStart = true;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (c === 0x20 && lineStart) {
      indent++;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
    if (lineStart) {
      lineStart = false;
      if (depth === 0 && c !== HASH) {
        // A `- ` item of a block sequence at this indentation; any other line at or left of an open
        // sequence's indentation ends it.
        const dash = c === 0x2d && (i + 1 === text.length || isSpace(text.charCodeAt(i + 1)));
        while ((blockItems.at(-1)?.indent ?? -1) > indent || (!dash && blockItems.at(-1)?.indent === indent))
          blockItems.pop();
        const open = blockItems.at(-1);
        if (dash && open?.indent === indent) {
          if (++open.items > LIMITS.listItems) return tooMany(i);
        } else if (dash) blockItems.push({ indent, items: 1 });
      }
    }
    if (c === HASH && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      while (i < text.length && text.charCodeAt(i) !== NEWLINE) i++;
      valueStart = true;
      continue;
    }
    if (valueStart && c === STAR && ++aliases > LIMITS.aliases) {
      return { offset: i, message: `the file has more than ${formatCount(LIMITS.aliases)} aliases` };
    }
    if (valueStart && (c === SINGLE || c === DOUBLE)) {
      i = endOfQuoted(text, i, c);
      valueStart = false;
      continue;
    }
    if ((valueStart || depth > 0) && (c === OPEN_SQUARE || c === OPEN_CURLY)) {
      depth++;
      flowItems.push(1);
      if (depth > LIMITS.flowDepth) {
        return {
          offset: i,
          message: `lists and mappings are nested more than ${LIMITS.flowDepth} levels deep here`,
        };
      }
      valueStart = true;
      continue;
    }
    if (depth > 0 && (c === CLOSE_SQUARE || c === CLOSE_CURLY)) {
      depth--;
      flowItems.pop();
      valueStart = false;
      continue;
    }
    if (depth > 0 && c === COMMA) {
      const items = (flowItems.pop() as number) + 1;
      if (items > LIMITS.listItems) return tooMany(i + 1);
      flowItems.push(items);
    }
    valueStart = c === 0x3a || c === 0x2d || c === 0x2c || c === 0x3f;
  }
  return null;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === NEWLINE || c === 0x0d;
}

/** Index of the closing quote of the quoted scalar opening at `start` (or the end of the text). */
function endOfQuoted(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote === DOUBLE && c === BACKSLASH) i++;
    else if (c === quote) {
      // '' inside a single-quoted scalar is an escaped quote.
      if (quote === SINGLE && text.charCodeAt(i + 1) === SINGLE) i++;
      else return i;
    }
  }
  return text.length;
}

/** A plain YAML number as this project accepts it: decimal, no sign but `-`, no leading zeros. */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * Walks the document once, in document order, following aliases by the size of what they copy
 * (memoised per anchored node, so the walk is linear in the text). Only what aliases add is
 * limited: the file's own nodes are bounded by its size. Stops at the first problem of size;
 * reports every duplicate key and every number that is not plain decimal.
 */
export function checkDocument(doc: Document.Parsed): {
  problems: BoundsProblem[];
  /** Nodes after alias expansion, as far as the walk went. */
  nodes: number;
  /** False when the walk stopped at a limit: then the document must not be converted. */
  complete: boolean;
} {
  const problems: BoundsProblem[] = [];
  const root = doc.contents;
  if (root === null) return { problems, nodes: 0, complete: true };
  const anchors = new Map<string, Node>();
  /** Expanded size of each finished anchored node; an anchored node still being walked is absent. */
  const sizes = new Map<Node, number>();
  let expanded = 0;
  /** Nodes added by aliases: what each alias copies. */
  let copied = 0;
  let aliases = 0;
  // A mapping's children alternate key, value (a missing one is null), so a value knows its key.
  type Frame = { node: Node; children: (Node | null)[]; next: number; size: number };
  const childrenOf = (node: Node): (Node | null)[] => {
    if (isMap(node)) return node.items.flatMap((p) => (isPair(p) ? [asNode(p.key), asNode(p.value)] : []));
    if (isSeq(node)) return node.items.map(asNode);
    return [];
  };
  const stack: Frame[] = [];
  const enter = (node: Node): number | null => {
    if (isAlias(node)) {
      aliases++;
      if (aliases > LIMITS.aliases) {
        problems.push({
          offset: offsetOf(node),
          message: `the file has more than ${formatCount(LIMITS.aliases)} aliases`,
        });
        return null;
      }
      const target = anchors.get(node.source);
      if (target === undefined) return 1; // The parser reports an unknown anchor.
      const size = sizes.get(target);
      if (size === undefined) {
        problems.push({
          offset: offsetOf(node),
          message: `alias *${node.source} is inside the node it names`,
        });
        return null;
      }
      return size;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (isScalar(node)) {
      checkNumber(node, keyOf(stack.at(-1)), problems);
      if (node.anchor) sizes.set(node, 1);
      return 1;
    }
    if (isMap(node)) checkUniqueKeys(node.items, problems);
    stack.push({ node, children: childrenOf(node), next: 0, size: 1 });
    return 0;
  };
  const count = (size: number): void => {
    expanded += size;
    const parent = stack.at(-1);
    if (parent) parent.size += size;
  };
  const first = enter(root);
  if (first === null) return { problems, nodes: expanded, complete: false };
  if (first === 0) expanded += 1;
  else count(first);
  while (stack.length > 0) {
    const frame = stack.at(-1) as Frame;
    if (frame.next >= frame.children.length) {
      stack.pop();
      if (frame.node.anchor) sizes.set(frame.node, frame.size);
      const parent = stack.at(-1);
      if (parent) parent.size += frame.size;
      continue;
    }
    const child = frame.children[frame.next++];
    if (child === null || child === undefined) continue;
    const size = enter(child);
    if (size === null) return { problems, nodes: expanded, complete: false };
    // A collection (0) is counted once here, with its children as they are walked.
    if (size === 0) expanded += 1;
    else count(size);
    if (!isAlias(child)) continue;
    copied += size;
    if (copied > LIMITS.aliasedNodes) {
      problems.push({
        offset: offsetOf(child),
        message: `the file's aliases expand it by more than ${formatCount(LIMITS.aliasedNodes)} nodes (keys, values and items they copy)`,
      });
      return { problems, nodes: expanded, complete: false };
    }
  }
  return { problems, nodes: expanded, complete: true };
}

function asNode(n: unknown): Node | null {
  return isScalar(n) || isMap(n) || isSeq(n) || isAlias(n) ? n : null;
}

/**
 * Keys of one mapping are unique. (The YAML parser's own check compares each key with every
 * earlier one: 20,000 keys took minutes.)
 */
function checkUniqueKeys(items: readonly unknown[], problems: BoundsProblem[]): void {
  const seen = new Set<unknown>();
  for (const pair of items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = pair.key.value;
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    const shown = String(key).length > 40 ? `${String(key).slice(0, 37)}...` : String(key);
    problems.push({
      offset: offsetOf(pair.key),
      message: `the key "${shown}" appears twice in this mapping`,
    });
  }
}

/** The key whose value the walk is entering, when the current frame is a mapping's. */
function keyOf(frame: { node: Node; children: (Node | null)[]; next: number } | undefined): string | null {
  if (frame === undefined || !isMap(frame.node) || frame.next % 2 === 1) return null;
  const key = frame.children[frame.next - 2];
  return isScalar(key) && typeof key.value === 'string' ? key.value : null;
}

function checkNumber(node: Scalar, key: string | null, problems: BoundsProblem[]): void {
  if (typeof node.value !== 'number' || node.type !== Scalar.PLAIN) return;
  const source = String(node.source ?? '');
  if (DECIMAL.test(source)) return;
  const plain = String(node.value);
  const like = DECIMAL.test(plain) ? `, like ${plain}` : '';
  const shown = source.length > 40 ? `${source.slice(0, 37)}...` : source;
  problems.push({
    offset: offsetOf(node),
    message: `${key ?? 'the number'} ${shown} must be written in plain decimal digits${like} (no hexadecimal, octal, exponent, leading + or leading 0)`,
  });
}

const offsetOf = (node: Node) => node.range?.[0] ?? 0;
