/**
 * The known name closest to `given` by edit distance (case counts as half an
 * edit, so `baseURL` finds `baseUrl`), if one is close enough to be a slip:
 * at most a third of the longer name's letters apart. Ties go to the first known name.
 */
export function nearestName(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(given, name);
    if (distance < bestDistance && distance <= Math.max(given.length, name.length) / 3) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance where a letter that differs only in case costs half. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1]!;
      const y = b[j - 1]!;
      const substitution = x === y ? 0 : x.toLowerCase() === y.toLowerCase() ? 0.5 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
