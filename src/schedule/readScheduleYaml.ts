/**
 * Step 1 of reading a schedule file: the text as YAML data with positions. Bounded work first (the
 * size and nesting of the text, then what its aliases expand to), then the data and a locator
 * that finds each value's line and column.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Collector } from './diagnostics.js';
import { Locator } from './diagnostics.js';
import { checkDocument, checkText } from './documentBounds.js';

/** The file's data (a mapping) and where each of its values is written. */
export interface PlacedData {
  readonly data: Record<string, unknown>;
  readonly loc: Locator;
}

/**
 * The YAML in `text` as data with positions, or null when it cannot be read (each reason reported).
 */
export function readScheduleYaml(text: string, out: Collector): PlacedData | null {
  const tooBig = checkText(text);
  if (tooBig !== null) {
    out.error(positionIn(text, tooBig.offset), tooBig.message);
    return null;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const yamlProblems = [...doc.errors, ...doc.warnings];
  for (const e of yamlProblems) {
    // prettyErrors is off (it would put a code excerpt in the message): locate from the offset.
    const offset = e.pos[0];
    const pos = Number.isFinite(offset) ? lines.linePos(offset) : { line: 1, col: 1 };
    const message = `YAML: ${e.message.split('\n')[0]}`;
    if (doc.errors.includes(e as (typeof doc.errors)[number])) out.error(pos, message);
    else out.warn(pos, message);
  }
  if (doc.errors.length > 0) return null;
  const bounds = checkDocument(doc);
  for (const problem of bounds.problems) out.error(lines.linePos(problem.offset), problem.message);
  if (!bounds.complete) return null;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (cause) {
    out.error({ line: 1, col: 1 }, `YAML: ${cause instanceof Error ? cause.message : String(cause)}`);
    return null;
  }
  const loc = new Locator(doc.contents, lines);
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    out.error(loc.at([]), 'the schedule must be a mapping with at least `version: 1` and `models:`');
    return null;
  }
  return { data: data as Record<string, unknown>, loc };
}

/** Line and column of a text offset, for problems found before the YAML is parsed. */
function positionIn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
