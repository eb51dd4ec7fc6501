/**
 * Where problems in the schedule file are: a collector of located diagnostics, and a locator that
 * turns a path into the YAML file (`['models', 3, 'windows']`) into the line and column of its node.
 */
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { Diagnostic } from './types.js';

/** A path into the file's data: mapping keys and list indexes. */
export type Path = readonly (string | number)[];

/** `FILE:LINE:COL: message`, with `warning: ` before the message of a warning. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** Errors and warnings, each once, sorted by position. */
export class Collector {
  readonly #items: Diagnostic[] = [];
  readonly #seen = new Set<string>();
  constructor(readonly file: string) {}
  error(at: { line: number; col: number }, message: string): void {
    this.#add('error', at, message);
  }
  warn(at: { line: number; col: number }, message: string): void {
    this.#add('warning', at, message);
  }
  #add(severity: Diagnostic['severity'], at: { line: number; col: number }, message: string): void {
    const key = `${severity}:${at.line}:${at.col}:${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#items.push({ severity, file: this.file, line: at.line, col: at.col, message });
  }
  hasErrors(): boolean {
    return this.#items.some((d) => d.severity === 'error');
  }
  sorted(): Diagnostic[] {
    return [...this.#items].sort((a, b) => a.line - b.line || a.col - b.col);
  }
}

/** Finds YAML nodes by path and turns their offsets into line:col. */
export class Locator {
  constructor(
    readonly contents: unknown,
    readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`, or of the nearest ancestor that exists. */
  at(path: Path): { line: number; col: number } {
    return this.#pos(this.#walk(path).node);
  }

  /** Position of the key `key` of the mapping at `path` (falls back to the mapping). */
  keyAt(path: Path, key: string): { line: number; col: number } {
    const { node } = this.#walk(path);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key)) return this.#pos(pair.key);
    }
    return this.#pos(node);
  }

  #walk(path: Path): { node: unknown } {
    let node: unknown = this.contents;
    for (const step of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
        next = pair?.value ?? undefined;
        // A key with no value (`close:`) has a null value node: point at the key instead.
        if (pair && next === null) next = pair.key;
      } else if (isSeq(node) && typeof step === 'number') {
        next = node.items[step];
      }
      if (next === undefined || next === null) break;
      node = next;
    }
    return { node };
  }

  #pos(node: unknown): { line: number; col: number } {
    const n = isPair(node) ? node.key : node;
    const offset = (n as Node | undefined)?.range?.[0];
    if (offset === undefined) return { line: 1, col: 1 };
    return this.lines.linePos(offset);
  }
}
