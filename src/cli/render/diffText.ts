/**
 * `lvsched diff` for a terminal: each model that changes, with its changed keys, its figures before
 * and after, and the hosting time gained and lost; then totals and warnings. Pure; no trailing newline.
 */
import type { ModelDiff } from '../../schedule/diffSchedules.js';
import {
  alignRows,
  changeLabel,
  type DiffDocument,
  money,
  signed,
  spanText,
  statRows,
} from './diffDocument.js';
import { formatDuration, instantOf, utcInstant } from './formatPlan.js';
import { plural } from './plural.js';

const MARK: Record<ModelDiff['change'], string> = { added: '+', removed: '-', changed: '~', unchanged: ' ' };

/** `Mon 2026-11-30 00:00Z`. */
const utcText = (iso: string) => utcInstant(instantOf(iso), { seconds: false });

function modelLines(m: ModelDiff, doc: DiffDocument): string[] {
  const out = [`${MARK[m.change]} ${m.id}   ${changeLabel(m)}`];
  for (const c of m.changes) out.push(`    ${c.key}: ${c.before} -> ${c.after}`);
  out.push(
    ...alignRows(
      [['', 'before', 'after', 'difference'], ...statRows(m.before, m.after, m.difference, doc.currency)],
      '    ',
    ),
  );
  const days = formatDuration(instantOf(doc.windowsTo) - instantOf(doc.from));
  if (m.windowsLost.length + m.windowsGained.length === 0) {
    if (m.change === 'changed') out.push(`    no hosting time gained or lost in the first ${days}`);
  } else out.push(`    hosting time in the first ${days}, local time (UTC):`);
  for (const s of m.windowsLost) out.push(`      lost    ${spanText(s)}`);
  for (const s of m.windowsGained) out.push(`      gained  ${spanText(s)}`);
  return out;
}

/** The diff as aligned text. */
export function renderDiffText(doc: DiffDocument): string {
  const from = instantOf(doc.from);
  const to = instantOf(doc.to);
  const out = [
    `Schedule diff ${doc.base.label} -> ${doc.head.file}`,
    `Period ${utcText(doc.from)} -> ${utcText(doc.to)} (${formatDuration(to - from)})`,
    '',
  ];
  const touched = doc.models.filter((m) => m.change !== 'unchanged');
  if (!doc.changed) out.push('No changes: both versions schedule the same models the same way.', '');
  for (const m of touched) out.push(...modelLines(m, doc), '');
  const unchanged = doc.models.filter((m) => m.change === 'unchanged');
  if (unchanged.length > 0) out.push(`Unchanged: ${unchanged.map((m) => m.id).join(', ')}`, '');
  if (doc.settings.length > 0) {
    out.push('Settings:');
    for (const c of doc.settings) out.push(`    ${c.key}: ${c.before} -> ${c.after}`);
    out.push('');
  }
  const { totals, currency } = doc;
  const count = plural(doc.models.length, 'model');
  out.push(
    ...alignRows(
      [
        [`Total, ${count}`, 'before', 'after', 'difference'],
        ...statRows(totals.before, totals.after, totals.difference, currency).map(([label, ...rest]) => [
          `  ${label}`,
          ...rest,
        ]),
        [
          `  monthly cost (${currency}, ${totals.monthly.days} days)`,
          money(totals.monthly.before),
          money(totals.monthly.after),
          signed(totals.monthly.difference),
        ],
      ],
      '',
    ),
  );
  if (doc.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of doc.warnings) out.push(`  warning: ${w.message}`);
  }
  return out.join('\n');
}
