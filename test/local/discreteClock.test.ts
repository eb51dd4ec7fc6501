import { setTimeout as realSleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DiscreteClock } from '../../src/local/discreteClock.js';
import { scheduleFirings } from '../../src/local/scheduleFirings.js';

describe('DiscreteClock', () => {
  it('wakes sleepers in instant order, and those of one instant in the order they slept', async () => {
    const clock = new DiscreteClock(0);
    const woke: string[] = [];
    const task = async (name: string, waits: number[]) => {
      for (const ms of waits) {
        await clock.sleep(ms);
        woke.push(`${name}@${clock.now()}`);
      }
    };
    void task('a', [300, 0, 100]);
    void task('b', [300, 50]);
    void task('c', [100]);
    await clock.runUntil(1000);
    expect(woke).toEqual(['c@100', 'a@300', 'b@300', 'a@300', 'b@350', 'a@400']);
    expect(clock.now()).toBe(1000);
  });

  it('stands still while busy work runs in real time, however long it takes', async () => {
    const clock = new DiscreteClock(0);
    const seen: number[] = [];
    void (async () => {
      await clock.sleep(10);
      await clock.busy(async () => {
        await realSleep(50);
        seen.push(clock.now());
        await clock.pause(5);
        seen.push(clock.now());
        await realSleep(20);
      });
      seen.push(clock.now());
    })();
    void (async () => {
      await clock.sleep(12);
      seen.push(-clock.now());
    })();
    await clock.runUntil(100);
    // 50 real ms of busy work took no virtual time, and the other task (due at 12) waited for
    // it; it ran only once the busy work paused (10 -> 15), and nothing moved during the last 20 ms.
    expect(seen).toEqual([10, -12, 15, 15]);
  });

  it('leaves sleepers due at `until` for later with `before`, and runs atEnd work after them', async () => {
    const clock = new DiscreteClock(0);
    const order: string[] = [];
    clock.atEnd(100, () => order.push('end'));
    clock.at(100, () => order.push('due'));
    await clock.runUntil(100, { before: true });
    expect(order).toEqual([]);
    await clock.runUntil(100);
    expect(order).toEqual(['due', 'end']);
  });
});

describe('scheduleFirings', () => {
  const at = (iso: string) => Date.parse(iso);
  it('fires a zoned cron at local times, skipping a reading that does not exist', () => {
    // Europe/Berlin springs forward on 2027-03-28 at 02:00: 02:30 does not exist that day.
    const firings = scheduleFirings(
      'cron(30 2 ? * * *)',
      'Europe/Berlin',
      at('2027-03-27T00:00:00Z'),
      at('2027-03-30T00:00:00Z'),
    );
    expect(firings.map((t) => new Date(t).toISOString())).toEqual([
      '2027-03-27T01:30:00.000Z',
      '2027-03-29T00:30:00.000Z',
    ]);
  });

  it('fires once, at the earlier instant, at a reading that exists twice', () => {
    // 2027-10-31: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    const firings = scheduleFirings(
      'cron(30 2 ? * SUN *)',
      'Europe/Berlin',
      at('2027-10-30T00:00:00Z'),
      at('2027-11-01T00:00:00Z'),
    );
    expect(firings.map((t) => new Date(t).toISOString())).toEqual(['2027-10-31T00:30:00.000Z']);
  });

  it('fires at() once and rate() on the period boundaries', () => {
    expect(
      scheduleFirings(
        'at(2027-01-05T10:00:00)',
        'UTC',
        at('2027-01-01T00:00:00Z'),
        at('2027-02-01T00:00:00Z'),
      ),
    ).toEqual([at('2027-01-05T10:00:00Z')]);
    expect(
      scheduleFirings('rate(15 minutes)', 'UTC', at('2027-01-01T00:01:00Z'), at('2027-01-01T00:46:00Z')),
    ).toEqual([at('2027-01-01T00:15:00Z'), at('2027-01-01T00:30:00Z'), at('2027-01-01T00:45:00Z')]);
  });
});
