import { describe, expect, it } from 'vitest';
import { nearestName } from '../../src/internal/validation/nearest-name.js';

describe('nearestName', () => {
  it('finds the known name a slip was meant to be', () => {
    expect(nearestName('baseURL', ['apiKey', 'baseUrl', 'fetch'])).toBe('baseUrl');
    expect(nearestName('maxRetires', ['maxRetries', 'maxQueueWait'])).toBe('maxRetries');
    expect(nearestName('phoneNumberID', ['phoneNumberId', 'phoneNumbers'])).toBe('phoneNumberId');
  });

  it('finds none when nothing is close', () => {
    expect(nearestName('zzz', ['defaultFields', 'externalId'])).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });
});
