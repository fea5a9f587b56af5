/** A line about one row; lines of one `kind` say the same thing about different rows. */
export interface RowLine {
  readonly row: number;
  readonly kind: string;
  readonly line: string;
}

/** How many more rows a folded line names by number. */
const ROWS_NAMED = 5;

/**
 * The lines to print: each kind with more than a handful of rows folds into its
 * first line, with how many more rows it applies to and the first of their
 * numbers, so 300 identical notes read as one. `verbose` keeps every line.
 */
export function foldRepeats(lines: readonly RowLine[], verbose: boolean): string[] {
  if (verbose) return lines.map((line) => line.line);
  const kinds = new Map<string, RowLine[]>();
  for (const line of lines) {
    const same = kinds.get(line.kind);
    if (same) same.push(line);
    else kinds.set(line.kind, [line]);
  }
  return [...kinds.values()].flatMap(([first, ...rest]) => {
    if (rest.length < ROWS_NAMED) return [first!, ...rest].map((line) => line.line);
    const named = rest.slice(0, ROWS_NAMED).map((line) => line.row);
    const unnamed = rest.length - named.length;
    return [`${first!.line} (and ${rest.length} more rows like it: ${named.join(', ')}${unnamed > 0 ? ` and ${unnamed} more` : ''}; --verbose lists them all)`];
  });
}
