import { describe, expect, it } from 'vitest';
import { planEdgeSchedules } from '../../src/deploy/planEdgeSchedules.js';
import {
  NON_EDGE_RESOURCE_ALLOWANCE,
  STACK_RESOURCE_LIMIT,
  stackResources,
} from '../../src/deploy/stackResources.js';
import { offsetChangeDays } from '../../src/deploy/zoneChanges.js';
import { ZoneRules } from '../../src/schedule/zone.js';
import { NOW, parse, randomScheduleFile, scheduleFile, ZONES } from './helpers.js';
import { edgesBetween, uncoveredEdges } from './schedulerFirings.js';

const DAY = 86_400_000;

describe('the edge budget', () => {
  // 1,000 models x 3 windows at random times, days and zones: ~6,000 distinct local edges.
  const text = randomScheduleFile(1000, 42);
  const schedule = parse(text);
  const zoneOf = (id: string) => schedule.models.find((m) => m.id === id)?.timezone ?? 'UTC';
  const stack = stackResources(schedule, { service: 'lvsched', stage: 'prod' }, { now: NOW });

  it('fits CloudFormation’s 500 resources with the rest of the stack', () => {
    const edgeSchedules = Object.values(stack.resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(edgeSchedules.length).toBeLessThanOrEqual(STACK_RESOURCE_LIMIT - NON_EDGE_RESOURCE_ALLOWANCE + 1);
    expect(Object.keys(stack.resources).length + NON_EDGE_RESOURCE_ALLOWANCE).toBeLessThanOrEqual(
      STACK_RESOURCE_LIMIT + 5,
    );
    // It had to merge: there are far more distinct edges than schedules.
    expect(new Set(Object.values(stack.plan.levels))).not.toEqual(new Set(['time']));
    for (const s of stack.plan.schedules) expect(s.expression.length).toBeLessThanOrEqual(256);
  });

  it('still fires at every edge, on ordinary weeks and around every clock change (independent reference)', () => {
    const edges = edgesBetween(schedule, NOW, NOW + 7 * DAY);
    // Around the first two clock changes of each zone family in the next year.
    const changes = new Set<number>();
    for (const zone of ZONES) {
      for (const day of offsetChangeDays(ZoneRules.of(zone), NOW, NOW + 365 * DAY).slice(0, 2))
        changes.add(day);
    }
    for (const day of changes) edges.push(...edgesBetween(schedule, (day - 1) * DAY, (day + 2) * DAY));
    expect(edges.length).toBeGreaterThan(20_000);
    // Each by a schedule that lists its model: the edge invocation handles only those.
    expect(uncoveredEdges(edges, stack.plan.schedules, zoneOf, true)).toEqual([]);
  });

  it('keeps one schedule per local time while the budget allows', () => {
    const small = parse(
      scheduleFile(
        Array.from({ length: 40 }, (_, i) => ({
          zone: i % 2 ? 'Europe/Berlin' : 'America/Chicago',
          windows: `[{ days: Mon-Fri, open: "${String(6 + (i % 10)).padStart(2, '0')}:00", close: "22:00" }]`,
        })),
      ),
    );
    const plan = planEdgeSchedules(small, { now: NOW, maxSchedules: 460 });
    expect(Object.values(plan.levels)).toEqual(['time', 'time', 'time', 'time']);
    expect(plan.schedules.filter((s) => s.kind === 'open')).toHaveLength(10);
  });

  it('coarsens step by step as the budget shrinks, down to one every-minute cron per kind', () => {
    const counts = [460, 100, 20, 4, 2].map((maxSchedules) => {
      const plan = planEdgeSchedules(schedule, { now: NOW, maxSchedules });
      expect(plan.schedules.length).toBeLessThanOrEqual(maxSchedules);
      return plan;
    });
    const last = counts[counts.length - 1];
    expect(last?.schedules.map((s) => `${s.kind} ${s.expression} ${s.timezone}`)).toEqual([
      'close cron(* * * * ? *) UTC',
      'open cron(* * * * ? *) UTC',
    ]);
  });
});

describe('fallbacks shared by zones', () => {
  it('generates an at() fallback once when several zones need the same UTC instant, listing all their models', () => {
    // Europe/Berlin and Europe/Paris skip 02:00-03:00 on the same Sunday at the same UTC instant.
    const text = scheduleFile([
      { zone: 'Europe/Berlin', windows: '[{ days: Sun, open: "02:30", close: "05:00" }]' },
      { zone: 'Europe/Paris', windows: '[{ days: Sun, open: "02:30", close: "05:00" }]' },
    ]);
    const schedule = parse(text);
    const plan = planEdgeSchedules(schedule, { now: NOW, maxSchedules: 460 });
    const fallbacks = plan.schedules.filter((s) => s.role === 'fallback');
    const expressions = fallbacks.map((s) => `${s.kind} ${s.expression}`);
    expect(new Set(expressions).size).toBe(expressions.length);
    const spring = fallbacks.find((s) => s.expression === 'at(2026-03-29T01:30:00)');
    expect(spring?.models).toEqual(schedule.models.map((m) => m.id).sort());
    expect(spring?.label).toBe('at-20260329T0130Z');
    const zones = new Map(schedule.models.map((m) => [m.id, m.timezone]));
    const edges = edgesBetween(schedule, NOW, NOW + 700 * DAY);
    expect(uncoveredEdges(edges, plan.schedules, (id) => zones.get(id) ?? 'UTC', true)).toEqual([]);
    // The check has teeth: a fallback that forgot a model leaves that model's edge uncovered.
    const forgetful = plan.schedules.map((s) => (s === spring ? { ...s, models: s.models.slice(1) } : s));
    expect(uncoveredEdges(edges, forgetful, (id) => zones.get(id) ?? 'UTC', true)).toEqual([
      expect.objectContaining({ kind: 'open', at: Date.parse('2026-03-29T01:30:00Z') }),
    ]);
  });
});
