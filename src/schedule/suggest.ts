/** Candidates compared per suggestion; beyond them there is no suggestion. */
const MAX_CANDIDATES = 300;

/** The closest of `candidates` to `word` (edit distance <= 2, or equal ignoring case), if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  // Bounded work: a long word has no near candidates, and thousands of unknown names times
  // thousands of candidates would be billions of comparisons.
  if (word.length > 200) return undefined;
  let budget = MAX_CANDIDATES;
  for (const c of candidates) {
    if (budget-- === 0) break;
    if (c.toLowerCase() === word.toLowerCase()) return c;
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** ` (did you mean "x"?)` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined || c === word ? '' : ` (did you mean "${c}"?)`;
}

/**
 * "Did you mean" for one file: the first {@link MAX_SUGGESTIONS} unknown names get a suggestion,
 * the rest none (5,000 unknown names among 5,000 models took seconds of edit distances).
 */
export class Suggestions {
  #left = MAX_SUGGESTIONS;
  didYouMean(word: string, candidates: Iterable<string>): string {
    if (this.#left <= 0) return '';
    this.#left--;
    return didYouMean(word, candidates);
  }
}

const MAX_SUGGESTIONS = 100;
