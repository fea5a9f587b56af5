import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surfaces } from '../../generated/operations.js';
import type { ValidationIssue } from '../../src/core/errors.js';
import type { Constraint } from '../../src/internal/operation-types.js';
import { checkConstraint } from '../../src/internal/validation/constraints.js';
import { logSizes, measureGrowth } from '../../bench/growth-fit.js';

/** Every constraint in the generated operation tables, parameters and bodies, however deeply nested. */
function everyConstraint(): Constraint[] {
  const found: Constraint[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (typeof (value as Constraint).pattern === 'string') found.push(value as Constraint);
    Object.values(value).forEach(visit);
  };
  for (const surface of Object.values(surfaces)) visit(surface.operations);
  return found;
}

const specPatterns = [...new Set(everyConstraint().map((constraint) => constraint.pattern!))];

function matches(pattern: string, text: string): boolean {
  const issues: ValidationIssue[] = [];
  checkConstraint(text, { type: 'string', pattern }, 'field', issues);
  return issues.length === 0;
}

/** Strings made to make a backtracking matcher work hard: long runs of one character after a prefix the pattern wants, then a character that spoils the match. */
function adversarialInputs(pattern: string, length: number): string[] {
  const literalPrefix = /^\^?((?:\\\+|[A-Za-z0-9])*)/.exec(pattern)![1]!.replace(/\\/g, '');
  const inputs: string[] = [];
  for (const prefix of ['', literalPrefix, `${literalPrefix}1`]) {
    for (const filler of [' ', 'a', 'A', '0', '5', '\n', '\t']) {
      for (const ending of ['', '!', '\n', ' x']) inputs.push(prefix + filler.repeat(length) + ending);
    }
  }
  return inputs;
}

describe('the patterns the spec declares', () => {
  it('include the ones whose growth matters', () => {
    expect(specPatterns).toContain('.*\\S.*');
    expect(specPatterns.length).toBeGreaterThan(3);
  });

  it.each(specPatterns)('%s takes time linear in the input, even on adversarial text', async (pattern) => {
    const growth = await measureGrowth(
      {
        name: pattern,
        prepare: (n) => {
          const inputs = adversarialInputs(pattern, n);
          return () => {
            for (const input of inputs) matches(pattern, input);
          };
        },
      },
      // Two decades, as the other growth tests use: over one, a busy moment that slows the largest size reads as growth.
      logSizes(1e3, 1e5, 2),
      5,
    );
    expect(growth.exponent, JSON.stringify(growth.measurements)).toBeLessThan(1.3);
  });

  it.each([...specPatterns, '.*?x', '\\.*', 'a|.*', '.*(a).*\\1', 'b.*$', '^.*x.*', '.*'])('%s accepts exactly what the pattern compiled as written accepts', (pattern) => {
    const written = new RegExp(pattern, 'u');
    const text = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', 'a', 'x', 'b', 'P', 'N', '+', '1', '0', '.', '\\', 'é'), maxLength: 20 });
    fc.assert(
      fc.property(text, (value) => {
        expect(matches(pattern, value)).toBe(written.test(value));
      }),
      { numRuns: 300 },
    );
  });
});
