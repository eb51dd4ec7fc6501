/**
 * CloudWatch metrics as embedded-metric-format (EMF) log lines: Lambda's log stream carries them,
 * CloudWatch extracts the metrics, and no PutMetricData call (or permission) is needed.
 */

import type { MetricsSink, MetricValue } from '../ports.js';

export type { MetricUnit, MetricValue } from '../ports.js';

/** One EMF document: `_aws` metadata plus the dimension and metric members at the top level. */
export function emfDocument(
  namespace: string,
  timestamp: number,
  dimensions: Readonly<Record<string, string>>,
  metrics: readonly MetricValue[],
): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
        },
      ],
    },
    ...dimensions,
  };
  for (const m of metrics) doc[m.name] = Array.isArray(m.value) ? [...m.value].slice(0, 100) : m.value;
  return doc;
}

/** Writes EMF documents as single JSON lines (stdout in Lambda, without the console prefix). */
export class EmfMetrics implements MetricsSink {
  readonly #namespace: string;
  readonly #dimensions: Readonly<Record<string, string>>;
  readonly #write: (line: string) => void;

  constructor(
    namespace: string,
    dimensions: Readonly<Record<string, string>>,
    write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.#namespace = namespace;
    this.#dimensions = dimensions;
    this.#write = write;
  }

  /** Emits the metrics that have values (empty value lists are left out). */
  emit(timestamp: number, metrics: readonly MetricValue[]): void {
    const present = metrics.filter((m) => !Array.isArray(m.value) || m.value.length > 0);
    if (present.length === 0) return;
    this.#write(JSON.stringify(emfDocument(this.#namespace, timestamp, this.#dimensions, present)));
  }
}
