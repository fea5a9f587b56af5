/** The sandbox stamps records with the real clock by default, so lookups by time find them; a fixed clock stays available. */
import { describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS } from '../../src/sandbox/index.js';
import { sandboxPerTest } from './helpers.js';

const start = sandboxPerTest('sandbox-clock-key');

describe('the sandbox clock', () => {
  it('is real by default: a send is stamped now and found by a lookup of the last five minutes; the seeded workspace lies before the start', async () => {
    const before = Date.now();
    const { sandbox, client } = await start();
    const sent = client.unwrap(await client.raw.POST('/v1/messages', { body: { from: SEEDED_NUMBERS.main, to: [SEEDED_CONTACT_NUMBERS.grace], content: 'Resume check' } })).data;
    const after = Date.now();
    expect(Date.parse(sent.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(sent.createdAt)).toBeLessThanOrEqual(after);
    expect(sandbox.store.messages.filter((m) => m.id !== sent.id).every((m) => Date.parse(m.createdAt) < before)).toBe(true);

    const main = sandbox.store.phoneNumber(SEEDED_NUMBERS.main)!;
    const query = { phoneNumberId: main.id, participants: [SEEDED_CONTACT_NUMBERS.grace], createdAfter: new Date(Date.now() - 5 * 60_000).toISOString(), maxResults: 50 };
    const found = client.unwrap(await client.raw.GET('/v1/messages', { params: { query } })).data;
    expect(found.map((m) => m.id)).toEqual([sent.id]);
  });

  it('stamps later records later, also several within one millisecond', async () => {
    const { client } = await start();
    const stamps: string[] = [];
    for (const content of ['one', 'two', 'three']) {
      stamps.push(client.unwrap(await client.raw.POST('/v1/messages', { body: { from: SEEDED_NUMBERS.main, to: [SEEDED_CONTACT_NUMBERS.ada], content } })).data.createdAt);
    }
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
  });

  it('is fixed on request: from 2025-01-01, one second per record, the same every run', async () => {
    const { sandbox } = await start({ clock: 'fixed' });
    expect(sandbox.store.createdAt).toBe('2025-01-01T00:00:00.000Z');
    const { sandbox: again } = await start({ clock: 'fixed' });
    expect(again.store.messages.map((m) => m.createdAt)).toEqual(sandbox.store.messages.map((m) => m.createdAt));
  });
});
