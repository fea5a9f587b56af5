import { OpenPhoneError, ValidationError, type ValidationIssue } from '../core/errors.js';
import { CliError, Interrupted, UsageError } from './context.js';

/** The command-line flag for an SDK field, so messages say `--rate GB=…` rather than `rates.GB`. */
const FIELD_FLAGS: readonly [RegExp, (match: RegExpExecArray) => string][] = [
  [/^content$/, () => '--text'],
  [/^from$/, () => '--from'],
  [/^to(\[\d+\])?$/, () => '--to'],
  [/^rates\.(.+)$/, (match) => `--rate ${match[1]}=…`],
  [/^maxSegments$/, () => '--max-segments'],
  [/^maxCostUsd$/, () => '--max-cost'],
  [/^apiKey$/, () => '--api-key'],
  [/^baseUrl$/, () => '--base-url'],
];

export function flagFor(field: string): string {
  for (const [pattern, flag] of FIELD_FLAGS) {
    const match = pattern.exec(field);
    if (match) return flag(match);
  }
  return field;
}

/** Every issue on its own line, named by its flag. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  const lines = issues.map((issue) => `${flagFor(issue.field)}: ${issue.message}`);
  return lines.length === 1 ? lines[0]! : `${lines.length} problems:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/**
 * What went wrong, for a person: flags instead of SDK fields, and never the
 * raw body of a response that was not JSON (it can hold anything a proxy
 * echoed). Stack traces are left out.
 */
export function describeError(error: unknown): string {
  if (error instanceof ValidationError) return describeIssues(error.issues);
  if (error instanceof OpenPhoneError || error instanceof UsageError || error instanceof CliError || error instanceof Interrupted) return error.message;
  if (error instanceof SyntaxError) return 'the API answered with a body that is not JSON';
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error.message.split('\n')[0]!;
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}
