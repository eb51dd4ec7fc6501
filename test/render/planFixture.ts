/** What the plan rendering tests share: the example schedule (config/schedule.yaml) and instants. */
import { readFileSync } from 'node:fs';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';

export const example = parseScheduleOrThrow(
  readFileSync(new URL('../../config/schedule.yaml', import.meta.url), 'utf8'),
  { file: 'config/schedule.yaml' },
);

/** Epoch ms of an ISO instant written in a test (a typo fails loudly). */
export const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in the test: ${iso}`);
  return ms;
};
