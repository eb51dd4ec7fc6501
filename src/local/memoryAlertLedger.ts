/**
 * The alert ledger of a simulation, shared by every simulated container: a key is claimed by the
 * first invocation that asks while no unexpired claim holds it (what the DynamoDB conditional
 * write does in Lambda).
 */
export class MemoryAlertLedger {
  readonly #claims = new Map<string, number>();

  async claim(key: string, expiresAt: number, now: number): Promise<boolean> {
    const held = this.#claims.get(key);
    if (held !== undefined && held > now) return false;
    this.#claims.set(key, expiresAt);
    return true;
  }

  async release(key: string): Promise<void> {
    this.#claims.delete(key);
  }
}
