/**
 * Every public function that reads input of unbounded size takes time linear
 * in it, on the adversarial inputs of the growth benchmark. Asserts the fitted
 * exponent, never a time: on a loaded machine times move, their growth not much.
 */
import { describe, expect, it } from 'vitest';
import { GROWTH_CASES } from '../bench/growth.js';
import { fitExponent, logSizes, measureGrowth } from '../bench/growth-fit.js';

describe('growth fitting', () => {
  it('recovers the exponent of a known power law', () => {
    const sizes = [1e3, 1e4, 1e5];
    expect(fitExponent(sizes.map((n) => ({ n, ms: 3 * n }))), 'linear').toBeCloseTo(1, 6);
    expect(fitExponent(sizes.map((n) => ({ n, ms: n * n * 1e-6 }))), 'quadratic').toBeCloseTo(2, 6);
    expect(logSizes(1e3, 1e5, 2)).toEqual([1000, 3162, 10000, 31623, 100000]);
  });
});

describe('time on adversarial input of growing size', () => {
  it.each(GROWTH_CASES.map((growthCase) => [growthCase.name, growthCase] as const))('%s grows with an exponent below 1.3', async (_name, growthCase) => {
    const growth = await measureGrowth(growthCase, logSizes(1e3, 1e5, 2), 5);
    expect(growth.exponent, JSON.stringify(growth.measurements)).toBeLessThan(1.3);
  });
});
