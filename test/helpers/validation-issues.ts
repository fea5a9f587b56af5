import { expect } from 'vitest';
import { ValidationError, type ValidationIssue } from '../../src/core/errors.js';

/** The issues of the `ValidationError` that `call` throws; fails the test if it throws anything else or nothing. */
export function validationIssues(call: () => unknown): readonly ValidationIssue[] {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  return expect.unreachable('expected a ValidationError');
}
