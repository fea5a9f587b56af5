import { describe, expect, it } from 'vitest';
import { OpenPhone, ValidationError, assertE164 } from '../../src/index.js';

const HINT = '(normalizePhoneNumber from "openphone-sdk/phone" converts numbers as people write them)';

async function sendIssues(body: { from: string; to: string }): Promise<string[]> {
  const client = new OpenPhone({ apiKey: 'hint-key', fetch: () => Promise.reject(new Error('nothing may be sent')) });
  const error = await client.messages.send({ ...body, content: 'Hi' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.message);
}

describe('a number as people write it points to normalizePhoneNumber', () => {
  it.each(['(415) 555-0123', '415-555-0123', '+1 (415) 555-0123'])('%s, from assertE164 and from send, to and from alike', async (written) => {
    expect(() => assertE164(written, 'to')).toThrow(HINT);
    expect(await sendIssues({ from: 'PN123abc', to: written })).toEqual([expect.stringContaining(HINT)]);
    expect(await sendIssues({ from: written, to: '+15555550123' })).toEqual([expect.stringContaining(HINT)]);
  });

  it('not for a value without digits, which is no number at all', async () => {
    expect(() => assertE164('call me', 'to')).toThrow(/must start with "\+"/);
    expect(() => assertE164('call me', 'to')).not.toThrow(/normalizePhoneNumber/);
    expect(await sendIssues({ from: 'PN123abc', to: 'call me' })).toEqual([expect.not.stringContaining('normalizePhoneNumber')]);
  });
});
