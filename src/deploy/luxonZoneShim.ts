/**
 * What the Lambda bundles use of Luxon, and nothing else: `IANAZone` with `create`, `isValidZone`
 * and `offset`, computed exactly as Luxon 3 computes them (Intl.DateTimeFormat parts in the zone,
 * read back as UTC). The build aliases `luxon` to this file for the functions only, saving ~65 KB
 * per bundle; the package step and the CLI keep the real Luxon, and a test checks that both give
 * the same offsets. A handler importing anything else from Luxon fails the build.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let dtf = formats.get(zone);
  if (dtf === undefined) {
    dtf = new Intl.DateTimeFormat('en-US', {
      hour12: false,
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formats.set(zone, dtf);
  }
  return dtf;
}

const zones = new Map<string, IANAZone>();

export class IANAZone {
  readonly name: string;
  readonly valid: boolean;

  private constructor(name: string) {
    this.name = name;
    this.valid = IANAZone.isValidZone(name);
  }

  static create(name: string): IANAZone {
    let zone = zones.get(name);
    if (zone === undefined) {
      zone = new IANAZone(name);
      zones.set(name, zone);
    }
    return zone;
  }

  static isValidZone(zone: string): boolean {
    if (!zone) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
      return true;
    } catch {
      return false;
    }
  }

  /** UTC offset in minutes at `ts` (epoch ms), NaN for an invalid zone or instant. */
  offset(ts: number): number {
    if (!this.valid) return Number.NaN;
    const date = new Date(ts);
    if (Number.isNaN(date.getTime())) return Number.NaN;
    const f: Record<string, string> = {};
    for (const { type, value } of format(this.name).formatToParts(date)) f[type] = value;
    let year = Number.parseInt(f.year ?? '', 10);
    if (f.era === 'BC') year = -Math.abs(year) + 1;
    const hour = Number.parseInt(f.hour ?? '', 10);
    let asUTC = Date.UTC(
      year,
      Number.parseInt(f.month ?? '', 10) - 1,
      Number.parseInt(f.day ?? '', 10),
      hour === 24 ? 0 : hour,
      Number.parseInt(f.minute ?? '', 10),
      Number.parseInt(f.second ?? '', 10),
      0,
    );
    if (year < 100 && year >= 0) {
      const d = new Date(asUTC);
      d.setUTCFullYear(year, Number.parseInt(f.month ?? '', 10) - 1, Number.parseInt(f.day ?? '', 10));
      asUTC = d.getTime();
    }
    let asTS = ts;
    const over = asTS % 1000;
    asTS -= over >= 0 ? over : 1000 + over;
    return (asUTC - asTS) / 60_000;
  }
}
