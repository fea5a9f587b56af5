import { describe, expect, it } from 'vitest';
import { nearestName } from '../src/internal/validation/nearest-name.js';

const CLIENT = ['apiKey', 'baseUrl', 'fetch', 'rateLimit', 'maxQueueWait', 'maxRetries', 'timeout', 'onRetry', 'headers', 'logger', 'logLevel', 'logContent'];

describe('nearestName', () => {
  it.each([
    ['baseURL', 'baseUrl'],
    ['apikey', 'apiKey'],
    ['maxRetires', 'maxRetries'],
    ['timout', 'timeout'],
    ['loglevel', 'logLevel'],
    ['onretry', 'onRetry'],
    ['maxQueue', 'maxQueueWait'],
  ])('%s → %s', (given, expected) => {
    expect(nearestName(given, CLIENT)).toBe(expected);
  });

  it('gives nothing for a name not close to any', () => {
    expect(nearestName('proxy', CLIENT)).toBeUndefined();
    expect(nearestName('x', CLIENT)).toBeUndefined();
    expect(nearestName('anything', [])).toBeUndefined();
  });

  it('prefers the closer of two candidates, and the first of equals', () => {
    expect(nearestName('limt', ['limit', 'list'])).toBe('limit');
    expect(nearestName('ab', ['aa', 'bb'])).toBe('aa');
  });
});
