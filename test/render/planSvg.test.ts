/**
 * renderPlanSvg: well-formed, one bar per window placed in proportion to time, text escaped, and
 * usable from 0 to 200 models and from 1 hour to 60 days. Expected instants are worked out by hand
 * (see planText.test.ts): over Mon 2026-11-30T00:00Z + 168 h, circuit-boards:3 opens Tue at 04:45Z
 * (28.75 h in) for 16.25 h and Sat at 06:45Z (126.75 h in) for 4.25 h.
 */
import { describe, expect, it } from 'vitest';
import { renderPlanSvg } from '../../src/cli/render/planSvg.js';
import { buildPlan, type PlanModel, type PlanReport, type PlanWindow } from '../../src/schedule/plan.js';
import { at, example, exampleWeek } from './planFixture.js';
import { findAll, parseXml, textOf, type XmlElement } from './xmlTree.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function model(id: string, windows: PlanWindow[], fields: Partial<PlanModel> = {}): PlanModel {
  return {
    id,
    service: 'lookoutvision',
    project: 'p',
    version: '1',
    region: 'us-east-1',
    timezone: 'UTC',
    minInferenceUnits: 1,
    maxInferenceUnits: null,
    windows,
    ...fields,
  };
}
const window = (open: number, close: number): PlanWindow => ({
  open: iso(open),
  close: iso(close),
  hours: (close - open) / HOUR,
  inferenceUnitHours: (close - open) / HOUR,
});
/** A model hosted for the whole period: its bar spans the timeline, so it gives the axis's ends. */
const alwaysOn = (report: PlanReport): PlanReport => ({
  ...report,
  models: [...report.models, model('always', [window(at(report.from), at(report.to))])],
});

const render = (report: PlanReport) => {
  const raw = renderPlanSvg(report);
  return { raw, root: parseXml(raw) };
};
const bars = (root: XmlElement) => findAll(root, (e) => e.name === 'rect' && e.attributes.class === 'bar');
const texts = (root: XmlElement) => findAll(root, (e) => e.name === 'text').map(textOf);
const num = (e: XmlElement | undefined, attr: string): number => {
  const v = Number(e?.attributes[attr]);
  if (!Number.isFinite(v)) throw new Error(`no numeric ${attr} on ${JSON.stringify(e?.attributes)}`);
  return v;
};
const titleOf = (e: XmlElement | undefined) => {
  const title = e?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'title');
  return title === undefined ? '' : textOf(title);
};

describe('renderPlanSvg on the example week', () => {
  const report = alwaysOn(exampleWeek());
  const { raw, root } = render(report);
  const all = bars(root);
  const [x0, x1] = (() => {
    const full = all.at(-1);
    return [num(full, 'x'), num(full, 'x') + num(full, 'width')];
  })();
  const pxPerHour = (x1 - x0) / 168;

  it('is a standalone SVG document with a size', () => {
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(num(root, 'width')).toBe(1200);
    expect(num(root, 'height')).toBeGreaterThan(200);
    expect(raw).not.toMatch(/<script|href=|url\(|@import|@font-face/);
  });

  it('draws one bar per window', () => {
    // 5 + 4 + 5 windows from the example, and the added always-on one.
    expect(all).toHaveLength(14 + 1);
    expect(all.map(titleOf).filter((t) => t.startsWith('circuit-boards:3\n'))).toHaveLength(5);
  });

  it('places and sizes bars in proportion to time', () => {
    expect(x1 - x0).toBeGreaterThan(600);
    const tue = all[0];
    const sat = all[4];
    expect(num(tue, 'x')).toBeCloseTo(x0 + 28.75 * pxPerHour, 1);
    expect(num(tue, 'width')).toBeCloseTo(16.25 * pxPerHour, 1);
    expect(num(sat, 'x')).toBeCloseTo(x0 + 126.75 * pxPerHour, 1);
    expect(num(sat, 'width')).toBeCloseTo(4.25 * pxPerHour, 1);
    for (const [i, w] of report.models.flatMap((m) => m.windows).entries()) {
      const start = (at(w.open) - at(report.from)) / HOUR;
      expect(num(all[i], 'x')).toBeCloseTo(x0 + start * pxPerHour, 1);
      expect(num(all[i], 'width')).toBeCloseTo(w.hours * pxPerHour, 1);
    }
  });

  it("gives each bar a hover title with the window's local and UTC times and its hours", () => {
    expect(titleOf(all[0])).toBe(
      [
        'circuit-boards:3',
        'Local: Tue 2026-12-01 05:45 \u2192 22:00 CET',
        'UTC:   Tue 2026-12-01 04:45 \u2192 21:00 UTC',
        '16.25 h \u00b7 32.50 inference-unit-hours',
      ].join('\n'),
    );
    // night-shift:1, Mon 21:45 CST = Tue 03:45Z.
    expect(titleOf(all[5])).toContain('Local: Mon 2026-11-30 21:45 \u2192 Tue 06:00 CST');
    expect(titleOf(all[5])).toContain('UTC:   Tue 2026-12-01 03:45 \u2192 12:00 UTC');
  });

  it('labels the UTC days and shades the weekend', () => {
    const t = texts(root);
    for (const day of ['Mon 30 Nov', 'Tue 1 Dec', 'Fri 4 Dec', 'Sat 5 Dec', 'Sun 6 Dec'])
      expect(t).toContain(day);
    const weekend = findAll(root, (e) => e.attributes.class === 'weekend');
    expect(weekend.map((e) => num(e, 'x'))).toStrictEqual(
      [x0 + 120 * pxPerHour, x0 + 144 * pxPerHour].map((x) => Math.round(x * 100) / 100),
    );
    expect(t.some((s) => /^\d\d:\d\d$/.test(s))).toBe(false);
  });

  it('labels each model with its id, time zone and units', () => {
    const t = texts(root);
    expect(t).toContain('circuit-boards:3');
    expect(t).toContain('Europe/Berlin (CET) \u00b7 2 IU');
    expect(t).toContain('America/Chicago (CST) \u00b7 1\u20132 IU');
  });

  it('shows the totals: hours, inference-unit-hours, cost against always-on and savings', () => {
    const t = texts(render(exampleWeek()).root);
    expect(t).toContain('143.50 h \u00b7 212.75 IU-h');
    expect(t).toContain('851.00 USD');
    expect(t).toContain('2,688.00 USD');
    expect(t).toContain('saves 68.34 % (1,837.00 USD) vs always on');
  });
});

describe('renderPlanSvg edge cases', () => {
  const from = at('2026-11-30T00:00Z');
  const to = at('2026-12-07T00:00Z');
  const report = (models: PlanModel[], start = from, end = to): PlanReport => ({
    from: iso(start),
    to: iso(end),
    models,
    totals: {
      hours: 0,
      inferenceUnitHours: 0,
      alwaysOnInferenceUnitHours: (models.length * (end - start)) / HOUR,
      estimatedCost: 0,
      currency: 'USD',
      savingsPercent: 100,
    },
  });

  it('escapes XML special characters in ids and replaces characters XML cannot hold', () => {
    const id = `a<b>&"c"'d\u0001\ud800`;
    const { raw, root } = render(report([model(id, [window(from + HOUR, from + 2 * HOUR)])]));
    expect(raw).not.toContain('a<b>');
    expect(raw).toContain('a&lt;b&gt;&amp;&quot;c&quot;&apos;d');
    expect(texts(root)).toContain('a<b>&"c"\'d\ufffd\ufffd');
    expect(titleOf(bars(root)[0]).split('\n')[0]).toBe('a<b>&"c"\'d\ufffd\ufffd');
  });

  it('draws a plan without models', () => {
    const { root } = render(report([]));
    expect(bars(root)).toHaveLength(0);
    expect(texts(root)).toContain('No models in the schedule');
    expect(texts(root).some((s) => s.startsWith('saves'))).toBe(false);
  });

  it('draws 200 models in rows that do not overlap', () => {
    const models = Array.from({ length: 200 }, (_, i) =>
      model(
        `line-${i}`,
        Array.from({ length: 7 }, (_, d) =>
          window(from + (d * 24 + (i % 20)) * HOUR, from + (d * 24 + 8 + (i % 20)) * HOUR),
        ),
      ),
    );
    const { root } = render(report(models));
    expect(bars(root)).toHaveLength(1400);
    const labels = findAll(root, (e) => e.name === 'text' && models.some((m) => m.id === textOf(e)));
    expect(labels).toHaveLength(200);
    const ys = labels.map((e) => num(e, 'y'));
    for (let i = 1; i < ys.length; i++)
      expect((ys[i] as number) - (ys[i - 1] as number)).toBeGreaterThanOrEqual(28);
    expect(num(root, 'height')).toBeGreaterThan((ys.at(-1) as number) + 100);
  });

  it('clips bars to the period and draws windows running past both ends', () => {
    const start = at('2026-12-01T12:00Z');
    const end = at('2026-12-03T12:00Z');
    const plan = alwaysOn(buildPlan(example, start, end));
    const all = bars(render(plan).root);
    const full = all.at(-1);
    const [x0, x1] = [num(full, 'x'), num(full, 'x') + num(full, 'width')];
    // circuit-boards:3 Tue 04:45Z-21:00Z, clipped to 12:00Z-21:00Z: 9 of 48 hours.
    expect(plan.models[0]?.windows[0]).toMatchObject({ open: '2026-12-01T12:00:00Z', hours: 9 });
    expect(num(all[0], 'x')).toBeCloseTo(x0, 1);
    expect(num(all[0], 'width')).toBeCloseTo(((x1 - x0) * 9) / 48, 1);
    for (const bar of all) {
      expect(num(bar, 'x')).toBeGreaterThanOrEqual(x0 - 0.01);
      expect(num(bar, 'x') + num(bar, 'width')).toBeLessThanOrEqual(x1 + 0.01);
    }
  });

  it('shows hour ticks on a one-hour span', () => {
    const plan = buildPlan(example, at('2026-12-01T07:30Z'), at('2026-12-01T08:30Z'));
    const t = texts(render(plan).root);
    for (const tick of ['07:30', '07:45', '08:00', '08:15', '08:30']) expect(t).toContain(tick);
    expect(t).toContain('Tue 1 Dec');
  });

  it('labels months on a 60-day span and keeps every window', () => {
    const plan = buildPlan(example, at('2026-11-20T10:00Z'), at('2027-01-19T10:00Z'));
    const { root } = render(plan);
    expect(bars(root)).toHaveLength(plan.models.reduce((a, m) => a + m.windows.length, 0));
    expect(texts(root)).toEqual(expect.arrayContaining(['December 2026', 'January 2027']));
  });

  it('says so in the row of a model without windows', () => {
    const { root } = render(report([model('idle', [])]));
    expect(texts(root)).toContain('no windows in this period');
  });

  it('refuses an empty period', () => {
    expect(() => renderPlanSvg(report([], to, to))).toThrow(RangeError);
  });
});
