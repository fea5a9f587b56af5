import { describeValue, type ValidationIssue } from '../../core/errors.js';
import type { Constraint } from '../operation-types.js';
import { E164_PATTERN, normalizeHint } from '../../lib/phone/e164.js';
import { isDateTime } from './date-time.js';
import { joinPath } from './field-path.js';

/** Readable names for the patterns the spec uses; any other pattern is shown as is. */
const PATTERN_NAMES: Record<string, string> = {
  [E164_PATTERN]: 'a phone number in E.164 format, like +15555555555',
  '^PN(.*)$': 'a phone number id starting with PN',
  '^US(.*)$': 'a user id starting with US',
  '^AC(.*)$': 'an id starting with AC',
  '^WH(.*)$': 'a webhook id starting with WH',
  '^CN(.*)$': 'a conversation id starting with CN',
  '.*\\S.*': 'text that is not only whitespace',
};

export function describePattern(pattern: string): string {
  return PATTERN_NAMES[pattern] ?? `text matching /${pattern}/`;
}

const patternCache = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = new RegExp(withoutRedundantWildcards(pattern), 'u');
    patternCache.set(pattern, regex);
  }
  return regex;
}

/** `.*` at either end of the pattern, not followed by a quantifier (`.*?`) nor preceded by an escape (`\.*`). */
const LEADING_WILDCARD = /^\.\*(?![?*+{])/;
const TRAILING_WILDCARD = /(?<!\\)\.\*$/;

/**
 * JSON Schema patterns are unanchored: a string matches when any part of it
 * does, so a `.*` at either end of the pattern changes nothing but the time.
 * It is not harmless: `.*\S.*` tried at each start of a string of spaces
 * backtracks over the rest of it, quadratic in its length. Without the ends it
 * is `\S`, linear. The test suite checks every pattern the spec declares for
 * such growth.
 */
function withoutRedundantWildcards(pattern: string): string {
  const trimmed = pattern.replace(LEADING_WILDCARD, '').replace(TRAILING_WILDCARD, '');
  if (trimmed === pattern || trimmed === '') return pattern;
  try {
    new RegExp(trimmed, 'u');
    return trimmed;
  } catch {
    return pattern;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Code points, as JSON Schema counts string length. */
function lengthOf(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function issue(field: string, value: unknown, rule: string, expectation: string): ValidationIssue {
  return { field, value, rule, message: `${describeValue(value)} ${expectation}` };
}

/** Appends to `issues` every way `value` breaks `constraint`. `field` names it in messages (`to[0]`). */
export function checkConstraint(value: unknown, constraint: Constraint, field: string, issues: ValidationIssue[]): void {
  const branches = constraint.anyOf ?? constraint.oneOf;
  if (branches) {
    const passing = branches.some((branch) => {
      const trial: ValidationIssue[] = [];
      checkConstraint(value, branch, field, trial);
      return trial.length === 0;
    });
    if (!passing) {
      const options = branches.map(describeConstraint).filter(Boolean);
      const hint = branches.some((branch) => branch.pattern === E164_PATTERN) ? normalizeHint(value) : '';
      issues.push(issue(field, value, 'anyOf', `must be ${[...new Set(options)].join(', or ')}${hint}`));
      return;
    }
  }
  for (const part of constraint.allOf ?? []) checkConstraint(value, part, field, issues);

  if (constraint.type !== undefined) {
    const types = typeof constraint.type === 'string' ? [constraint.type] : constraint.type;
    if (!types.some((type) => matchesType(value, type))) {
      issues.push(issue(field, value, 'type', `must be ${types.map(article).join(' or ')}`));
      return;
    }
  }
  if (constraint.const !== undefined && value !== constraint.const) {
    issues.push(issue(field, value, 'const', `must be ${describeValue(constraint.const)}`));
  }
  if (constraint.enum && !constraint.enum.includes(value)) {
    issues.push(issue(field, value, 'enum', `must be one of ${constraint.enum.map((v) => describeValue(v)).join(', ')}`));
  }
  if (typeof value === 'string') checkString(value, constraint, field, issues);
  if (typeof value === 'number') checkNumber(value, constraint, field, issues);
  if (Array.isArray(value)) checkArray(value, constraint, field, issues);
  if (typeOf(value) === 'object') checkObject(value as Record<string, unknown>, constraint, field, issues);
}

function checkString(value: string, c: Constraint, field: string, issues: ValidationIssue[]): void {
  const length = c.minLength !== undefined || c.maxLength !== undefined ? lengthOf(value) : 0;
  if (c.minLength !== undefined && length < c.minLength) {
    issues.push(issue(field, value, 'minLength', c.minLength === 1 ? 'must not be empty' : `must be at least ${c.minLength} characters`));
  }
  if (c.maxLength !== undefined && length > c.maxLength) {
    issues.push(issue(field, value, 'maxLength', `must be at most ${c.maxLength} characters (it has ${length})`));
    // Too long already: a pattern or format on text of any length could cost more than the request is worth.
    return;
  }
  if (c.pattern !== undefined && !compiled(c.pattern).test(value)) {
    const hint = c.pattern === E164_PATTERN ? normalizeHint(value) : '';
    issues.push(issue(field, value, 'pattern', `must be ${describePattern(c.pattern)}${hint}`));
  }
  if (c.format === 'date-time' && !isDateTime(value)) {
    issues.push(issue(field, value, 'format', 'must be an ISO 8601 date-time like 2025-01-31T09:00:00Z'));
  }
  if (c.format === 'uri' && !URL.canParse(value)) {
    issues.push(issue(field, value, 'format', 'must be an absolute URL'));
  }
}

function checkNumber(value: number, c: Constraint, field: string, issues: ValidationIssue[]): void {
  if (c.minimum !== undefined && value < c.minimum) issues.push(issue(field, value, 'minimum', `must be at least ${c.minimum}`));
  if (c.maximum !== undefined && value > c.maximum) issues.push(issue(field, value, 'maximum', `must be at most ${c.maximum}`));
  if (c.exclusiveMinimum !== undefined && value <= c.exclusiveMinimum) {
    issues.push(issue(field, value, 'exclusiveMinimum', `must be greater than ${c.exclusiveMinimum}`));
  }
  if (c.exclusiveMaximum !== undefined && value >= c.exclusiveMaximum) {
    issues.push(issue(field, value, 'exclusiveMaximum', `must be less than ${c.exclusiveMaximum}`));
  }
}

function checkArray(value: unknown[], c: Constraint, field: string, issues: ValidationIssue[]): void {
  if (c.minItems !== undefined && value.length < c.minItems) {
    issues.push(issue(field, value, 'minItems', `must have at least ${c.minItems} item${c.minItems === 1 ? '' : 's'}`));
  }
  if (c.maxItems !== undefined && value.length > c.maxItems) {
    issues.push(issue(field, value, 'maxItems', `must have at most ${c.maxItems} item${c.maxItems === 1 ? '' : 's'} (it has ${value.length})`));
  }
  if (c.items) for (const [index, item] of value.entries()) checkConstraint(item, c.items, joinPath(field, index), issues);
}

function checkObject(value: Record<string, unknown>, c: Constraint, field: string, issues: ValidationIssue[]): void {
  for (const name of c.required ?? []) {
    if (value[name] === undefined) issues.push({ field: joinPath(field, name), value: undefined, rule: 'required', message: 'is required' });
  }
  for (const [name, child] of Object.entries(c.properties ?? {})) {
    if (value[name] !== undefined) checkConstraint(value[name], child, joinPath(field, name), issues);
  }
}

function article(type: string): string {
  if (type === 'null') return 'null';
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** A short phrase for what a constraint accepts, for "must be X, or Y" messages. */
function describeConstraint(c: Constraint): string {
  if (c.pattern !== undefined) return describePattern(c.pattern);
  if (c.const !== undefined) return describeValue(c.const);
  if (c.enum) return `one of ${c.enum.map((v) => describeValue(v)).join(', ')}`;
  if (c.type === 'array' && c.items) return `a list of ${describeConstraint(c.items) || 'items'}`;
  if (typeof c.type === 'string') return article(c.type);
  return '';
}
