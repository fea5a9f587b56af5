/**
 * The known name closest to a misspelt one, for "did you mean" hints: equal
 * but for case (`baseURL` → `baseUrl`), cut short (`maxCost` → `maxCostUsd`),
 * or within a few edits counting a swap of neighbours as one (`maxRetires` →
 * `maxRetries`). Undefined when nothing
 * is close enough to be a likely typo.
 */
export function nearestName(given: string, known: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  const allowed = Math.max(1, Math.floor(given.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const known = name.toLowerCase();
    // A name cut short (`maxCost` for `maxCostUsd`) is as likely a slip as one letter wrong.
    const distance = lower.length >= 3 && known.startsWith(lower) ? 1 : editDistance(lower, known);
    if (distance <= allowed && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Insertions, deletions, substitutions and swaps of neighbours between `a` and `b` (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = distance;
    }
  }
  return rows[a.length]![b.length]!;
}
