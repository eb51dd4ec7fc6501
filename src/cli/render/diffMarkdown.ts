/**
 * `lvsched diff --markdown`, for a pull-request comment: a compact table (model, change, cost before,
 * after, difference), the warnings, then a collapsed `<details>` section per model that changes.
 * Pure; GitHub-flavoured Markdown, no trailing newline.
 */
import type { DiffSpan, ModelDiff } from '../../schedule/diffSchedules.js';
import { changeLabel, type DiffDocument, money, signed, spanText, statRows } from './diffDocument.js';
import { formatDuration, instantOf } from './formatPlan.js';
import { plural } from './plural.js';

/** Spans listed per model and direction; the rest are counted (a comment is limited to 65,536 characters). */
const MAX_SPANS = 20;
/** Table rows and warnings listed one by one; the rest are summed or counted. */
const MAX_ROWS = 150;
const MAX_WARNINGS = 40;
/** Room for the whole comment: GitHub refuses comments over 65,536 characters. */
const MAX_CHARS = 60_000;

/** Text safe inside a table cell or HTML: no column breaks, no tags, no line breaks. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

const code = (text: string) => `<code>${cell(text)}</code>`;

function spanList(title: string, spans: readonly DiffSpan[]): string[] {
  if (spans.length === 0) return [];
  const shown = spans.slice(0, MAX_SPANS).map((s) => `- ${cell(spanText(s, '→'))}`);
  if (spans.length > MAX_SPANS) shown.push(`- and ${spans.length - MAX_SPANS} more`);
  return [title, '', ...shown, ''];
}

function details(m: ModelDiff, doc: DiffDocument, days: string): string[] {
  const out = [`<details><summary>${code(m.id)}: ${cell(changeLabel(m))}</summary>`, ''];
  if (m.changes.length > 0) {
    out.push('| key | before | after |', '|---|---|---|');
    for (const c of m.changes) out.push(`| ${cell(c.key)} | ${cell(c.before)} | ${cell(c.after)} |`);
    out.push('');
  }
  out.push('| | before | after | difference |', '|---|--:|--:|--:|');
  for (const row of statRows(m.before, m.after, m.difference, doc.currency))
    out.push(`| ${row.map(cell).join(' | ')} |`);
  out.push('');
  out.push(...spanList(`Hosting time lost in the first ${days} (local time, then UTC):`, m.windowsLost));
  out.push(...spanList(`Hosting time gained in the first ${days} (local time, then UTC):`, m.windowsGained));
  if (m.change === 'changed' && m.windowsLost.length + m.windowsGained.length === 0)
    out.push(`No hosting time gained or lost in the first ${days}.`, '');
  out.push('</details>');
  return out;
}

/** The diff as a pull-request comment. */
export function renderDiffMarkdown(doc: DiffDocument): string {
  const { totals, currency } = doc;
  const from = instantOf(doc.from);
  const days = formatDuration(instantOf(doc.windowsTo) - from);
  const period = `${formatDuration(instantOf(doc.to) - from)} from ${doc.from.replace('T', ' ').replace(/:00Z$/, ' UTC')}`;
  const out = [
    `### Schedule diff: ${code(doc.base.label)} → ${code(doc.head.file)}`,
    '',
    `Estimated cost over ${totals.monthly.days} days: **${money(totals.monthly.before)} → ${money(totals.monthly.after)} ${cell(currency)} (${signed(totals.monthly.difference)})**. Period: ${cell(period)}.`,
    '',
  ];
  if (!doc.base.exists)
    out.push(
      `${code(doc.base.file)} is not in ${code(doc.base.ref ?? '')}: every model counts as added.`,
      '',
    );
  if (!doc.changed) out.push('No changes: both versions schedule the same models the same way.', '');
  const touched = doc.models.filter((m) => m.change !== 'unchanged');
  const unchanged = doc.models.filter((m) => m.change === 'unchanged');
  out.push(
    `| model | change | cost before (${cell(currency)}) | cost after | difference |`,
    '|---|---|--:|--:|--:|',
  );
  for (const m of touched.slice(0, MAX_ROWS)) {
    out.push(
      `| ${code(m.id)} | ${cell(changeLabel(m))} | ${money(m.before.estimatedCost)} | ${money(m.after.estimatedCost)} | ${signed(m.difference.estimatedCost)} |`,
    );
  }
  if (touched.length > MAX_ROWS) out.push(sumRow(touched.slice(MAX_ROWS), 'more', 'changed'));
  if (unchanged.length > 0) out.push(sumRow(unchanged, 'other', 'unchanged'));
  out.push(
    `| **total** | ${cell(period)} | **${money(totals.before.estimatedCost)}** | **${money(totals.after.estimatedCost)}** | **${signed(totals.difference.estimatedCost)}** |`,
    '',
  );
  if (doc.settings.length > 0) {
    out.push('Settings:', '');
    for (const c of doc.settings) out.push(`- ${cell(c.key)}: ${cell(c.before)} → ${cell(c.after)}`);
    out.push('');
  }
  if (doc.warnings.length > 0) {
    out.push('> [!WARNING]');
    for (const w of doc.warnings.slice(0, MAX_WARNINGS)) out.push(`> - ${cell(w.message)}`);
    if (doc.warnings.length > MAX_WARNINGS)
      out.push(`> - and ${doc.warnings.length - MAX_WARNINGS} more: run \`lvsched diff\` to see them all`);
    out.push('');
  }
  let size = out.reduce((n, line) => n + line.length + 1, 0);
  let shown = 0;
  for (const m of touched) {
    const section = [...details(m, doc, days), ''];
    const length = section.reduce((n, line) => n + line.length + 1, 0);
    if (size + length > MAX_CHARS) break;
    out.push(...section);
    size += length;
    shown++;
  }
  if (shown < touched.length)
    out.push(
      `Details of ${plural(touched.length - shown, 'more model')} are left out to keep this comment within GitHub's size limit: run \`lvsched diff\` to see them.`,
    );
  return out.join('\n').trimEnd();
}

/** One table row for several models: `| 12 other models | unchanged | ... |`. */
function sumRow(models: readonly ModelDiff[], word: string, change: string): string {
  const sum = (pick: (m: ModelDiff) => number) =>
    Math.round(models.reduce((a, m) => a + pick(m), 0) * 100) / 100;
  const before = sum((m) => m.before.estimatedCost);
  const after = sum((m) => m.after.estimatedCost);
  const label = `${models.length} ${word} model${models.length === 1 ? '' : 's'}`;
  return `| ${label} | ${change} | ${money(before)} | ${money(after)} | ${signed(Math.round((after - before) * 100) / 100)} |`;
}
