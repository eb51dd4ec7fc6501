/** `1 model`, `2 models`, `0 models`: a count and an English noun that takes an `s`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
