import { describe, expect, it } from 'vitest';
import { ConnectionError, OpenPhoneError, type OpenPhone } from '../../src/index.js';
import { connectSandbox, connectionResets, errorRate, latency, type FaultRule } from '../../src/sandbox/index.js';
import { withThrowingGetter } from '../helpers/throwing-getter.js';
import { sandboxPerTest } from './helpers.js';

const start = sandboxPerTest('sandbox-faults-key');
const sandboxWith = (faults: readonly FaultRule[], seed = 1) => start({ faults, seed });

/** The status of each of `count` sequential phone number lists, or the error name where there was none. */
async function statuses(client: OpenPhone, count: number): Promise<(number | string)[]> {
  const seen = [];
  for (let i = 0; i < count; i++) {
    try {
      seen.push((await client.raw.GET('/v1/phone-numbers')).response.status);
    } catch (error) {
      seen.push((error as Error).name);
    }
  }
  return seen;
}

describe('errorRate', () => {
  it('fails every request at rate 1, spread over the default server errors, and none at rate 0', async () => {
    const always = await sandboxWith(errorRate(1));
    const seen = await statuses(always.client, 40);
    expect(new Set(seen)).toEqual(new Set([500, 502, 503, 504]));
    const never = await sandboxWith(errorRate(0));
    expect(new Set(await statuses(never.client, 20))).toEqual(new Set([200]));
  });

  it('fails about the given share of requests, each status about equally often', async () => {
    const { client, sandbox } = await sandboxWith(errorRate(0.5, { statuses: [500, 503] }), 3);
    const seen = await statuses(client, 400);
    const count = (status: number) => seen.filter((s) => s === status).length;
    expect(count(200) + count(500) + count(503)).toBe(400);
    expect(count(200)).toBeGreaterThan(150);
    expect(count(200)).toBeLessThan(250);
    expect(count(500)).toBeGreaterThan(60);
    expect(count(503)).toBeGreaterThan(60);
    expect(sandbox.stats.faults).toHaveLength(400 - count(200));
  });

  it('answers in the documented error shape and can be limited to one operation', async () => {
    const { client } = await sandboxWith(errorRate(1, { operationId: 'sendMessage_v1', statuses: [500] }));
    expect((await client.raw.GET('/v1/phone-numbers')).response.status).toBe(200);
    const sent = await client.raw.POST('/v1/messages', { body: { from: '+15555550100', to: ['+14155550123'], content: 'Hi' } });
    expect(sent.response.status).toBe(500);
    expect(sent.error).toMatchObject({ status: 500, code: '0201500', title: 'Unknown' });
    expect(() => client.unwrap(sent)).toThrow(OpenPhoneError);
  });

  it('refuses a rate outside 0 to 1', () => {
    expect(() => errorRate(1.5)).toThrow(RangeError);
    expect(() => connectionResets(-0.1)).toThrow(RangeError);
  });
});

describe('latency and connectionResets', () => {
  it('delays requests and then answers them normally', async () => {
    const { client, sandbox } = await sandboxWith(latency(20));
    expect(await statuses(client, 3)).toEqual([200, 200, 200]);
    expect(sandbox.stats.faults.map((f) => f.type)).toEqual(['delay', 'delay', 'delay']);
  });

  it('drops connections, which the client reports as a ConnectionError', async () => {
    const { client } = await sandboxWith(connectionResets(1));
    await expect(client.raw.GET('/v1/phone-numbers')).rejects.toThrow(ConnectionError);
  });
});

describe('fault rules from another process', () => {
  it('are replaced over PUT /_sandbox/faults', async () => {
    const { sandbox, client } = await sandboxWith([]);
    await connectSandbox(sandbox.url).setFaults(errorRate(1, { statuses: [503] }));
    expect(await statuses(client, 2)).toEqual([503, 503]);
    await connectSandbox(sandbox.url).setFaults([]);
    expect(await statuses(client, 1)).toEqual([200]);
  });

  it.each([
    ['not a list', { type: 'reset' }],
    ['a rule without a fault', [{ probability: 1 }]],
    ['an unknown fault type', [{ fault: { type: 'explode' } }]],
    ['a status that is not HTTP', [{ fault: { type: 'status', status: 42 } }]],
    ['a negative delay', [{ fault: { type: 'delay', ms: -5 } }]],
    ['a probability above 1', [{ probability: 2, fault: { type: 'reset' } }]],
  ])('refuses %s with 400 and keeps the rules it had', async (_case, rules) => {
    const { sandbox, client } = await sandboxWith(errorRate(1, { statuses: [502] }));
    const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify(rules) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^Invalid faults request/);
    expect(await statuses(client, 1)).toEqual([502]);
  });
});

describe('fault helpers given values that are not what they take', () => {
  it('refuse a rate that cannot even be printed, and options that are not an object, with a RangeError', () => {
    const unprintable = Object.create(null) as number;
    expect(() => errorRate(unprintable)).toThrow(/rate must be between 0 and 1, got \{\}/);
    expect(() => errorRate(0.1, null as never)).toThrow(RangeError);
    expect(() => latency(10, null as never)).toThrow(/options must be an object, got null/);
    expect(() => connectionResets(0.1, [] as never)).toThrow(/options must be an object, got \[\]/);
  });
});

describe('fault helper options whose getter throws', () => {
  it.each([
    ['errorRate', () => errorRate(0.1, withThrowingGetter('statuses'))],
    ['latency', () => latency(10, withThrowingGetter('probability'))],
    ['connectionResets', () => connectionResets(0.1, withThrowingGetter('method'))],
  ])('%s refuses them with a RangeError naming the option', (_name, build) => {
    expect(build).toThrow(RangeError);
    expect(build).toThrow(/options\.(statuses|probability|method) could not be read/);
  });

  it('refuse statuses that are not a list of HTTP statuses, and a delay that is not one, with a RangeError', () => {
    expect(() => errorRate(0.1, { statuses: 'oops' as never })).toThrow(/statuses must be a list of HTTP statuses, got "oops"/);
    expect(() => errorRate(0.1, { statuses: [500, 42] })).toThrow(RangeError);
    expect(() => latency('10' as never)).toThrow(/ms must be a number from 0 to/);
  });

  it('put only the scope they document into the rules, and refuse options they do not document', () => {
    expect(connectionResets(0.5, { method: 'POST' })).toEqual([{ method: 'POST', probability: 0.5, fault: { type: 'reset' } }]);
    expect(() => connectionResets(0.5, { method: 'POST', unrelated: 'kept out' } as never)).toThrow(RangeError);
    expect(() => errorRate(0.5, { status: [500] } as never)).toThrow(/unknown option `status`: did you mean `statuses`\?/);
  });
});
