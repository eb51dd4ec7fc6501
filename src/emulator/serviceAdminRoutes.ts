import { parseFaultConfig } from './emulatorConfig.js';
import type { FaultInjector } from './faultInjector.js';

/** What each emulated service's runtime shows the admin API. */
export interface AdminView {
  now(): number;
  history(): unknown;
  ledger(): unknown;
  callLog(): unknown;
  readonly faults: FaultInjector;
}

/**
 * The admin routes every emulated service has under its `prefix`: its history (under `items`,
 * `models` or `versions`), ledger, call log and faults. The answer, or undefined for another route.
 */
export function serviceAdminRoutes(
  prefix: string,
  items: string,
  view: AdminView,
  route: string,
  json: () => unknown,
): { status: number; body: unknown } | undefined {
  switch (route) {
    case `GET ${prefix}/history`:
      return { status: 200, body: { now: view.now(), [items]: view.history() } };
    case `GET ${prefix}/ledger`:
      return { status: 200, body: view.ledger() };
    case `GET ${prefix}/calls`:
      return { status: 200, body: { calls: view.callLog() } };
    case `GET ${prefix}/faults`:
      return { status: 200, body: view.faults.current() };
    case `POST ${prefix}/faults`:
      view.faults.set(parseFaultConfig(json(), `POST ${prefix}/faults`));
      return { status: 200, body: view.faults.current() };
    case `DELETE ${prefix}/faults`:
      view.faults.clear();
      return { status: 200, body: view.faults.current() };
    default:
      return undefined;
  }
}
