import { describe, expect, it, vi } from 'vitest';
import { MemoryDedupeStore } from '../../src/webhooks/dedupe.js';
import { createWebhookHandler, signWebhook, type WebhookScheme } from '../../src/webhooks/index.js';
import { legacyMessageReceived, messageReceived } from './fixtures.js';
import { LEGACY_KEY, OTHER_WHSEC, WHSEC } from './support.js';

const ENDPOINT = 'https://example.com/webhooks/openphone';

/** One signed delivery, as a factory: each call is the same bytes and headers, as a retry of it would be. */
async function signedDelivery(payload: unknown, scheme: WebhookScheme = 'standard-webhooks'): Promise<() => Request> {
  const { body, headers } = await signWebhook(payload, scheme === 'standard-webhooks' ? WHSEC : LEGACY_KEY, scheme);
  return () => new Request(ENDPOINT, { method: 'POST', body, headers });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('webhook deduplication', () => {
  it('runs a repeated delivery once and answers its repeats 204', async () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupe: new MemoryDedupeStore() });
    const request = await signedDelivery(messageReceived);

    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await handle(request())).status);

    expect(statuses).toEqual([204, 204, 204]);
    expect(onMessage).toHaveBeenCalledOnce();
  });

  it('keys a delivery on its webhook-id, so a re-signed retry is recognised', async () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupe: new MemoryDedupeStore() });
    const first = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');
    const retry = await signWebhook(messageReceived, WHSEC, 'standard-webhooks', {
      id: first.headers['webhook-id'],
      timestamp: Date.now() + 5000,
    });
    const other = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');

    for (const { body, headers } of [first, retry, other]) {
      expect((await handle(new Request(ENDPOINT, { method: 'POST', body, headers }))).status).toBe(204);
    }

    expect(onMessage).toHaveBeenCalledTimes(2);
  });

  it('runs an event once for each webhook that receives it, even when they share a store', async () => {
    const runs = { crm: 0, analytics: 0 };
    const crm = createWebhookHandler({ secret: WHSEC, on: { 'message.received': () => void runs.crm++ } });
    const analytics = createWebhookHandler({ secret: OTHER_WHSEC, on: { 'message.received': () => void runs.analytics++ } });
    const id = 'msg_same_event_for_both_webhooks';
    const toCrm = await signWebhook(messageReceived, WHSEC, 'standard-webhooks', { id });
    const toAnalytics = await signWebhook(messageReceived, OTHER_WHSEC, 'standard-webhooks', { id });

    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await crm(new Request(ENDPOINT, { method: 'POST', ...toCrm }))).status).toBe(204);
      expect((await analytics(new Request(ENDPOINT, { method: 'POST', ...toAnalytics }))).status).toBe(204);
    }

    expect(runs).toEqual({ crm: 1, analytics: 1 });
  });

  it('scopes records by dedupeScope when given, so one webhook keeps its records across a secret rotation', async () => {
    const store = new MemoryDedupeStore();
    const onMessage = vi.fn();
    const before = createWebhookHandler({ secret: WHSEC, dedupeScope: 'crm', dedupe: store, on: { 'message.received': onMessage } });
    const rotated = createWebhookHandler({ secret: [OTHER_WHSEC, WHSEC], dedupeScope: 'crm', dedupe: store, on: { 'message.received': onMessage } });
    const unscoped = createWebhookHandler({ secret: [OTHER_WHSEC, WHSEC], dedupe: store, on: { 'message.received': onMessage } });
    const id = 'msg_retried_across_rotation';
    const first = await signWebhook(messageReceived, WHSEC, 'standard-webhooks', { id });
    const retry = await signWebhook(messageReceived, OTHER_WHSEC, 'standard-webhooks', { id });

    await before(new Request(ENDPOINT, { method: 'POST', ...first }));
    await rotated(new Request(ENDPOINT, { method: 'POST', ...retry }));
    expect(onMessage).toHaveBeenCalledOnce();
    // Without a name, the records follow the secrets: a new set of secrets is another scope.
    await unscoped(new Request(ENDPOINT, { method: 'POST', ...retry }));
    expect(onMessage).toHaveBeenCalledTimes(2);
  });

  it('never puts a secret in a dedupe key', async () => {
    const keys: string[] = [];
    const store = new MemoryDedupeStore();
    const recording = {
      ...store,
      claim: (key: string, owner: string, leaseMs: number) => (keys.push(key), store.claim(key, owner, leaseMs)),
      extend: store.extend.bind(store),
      complete: store.complete.bind(store),
      release: store.release.bind(store),
    };
    const handle = createWebhookHandler({ secret: WHSEC, dedupe: recording, on: { 'message.received': vi.fn() } });

    await handle((await signedDelivery(messageReceived))());

    expect(keys).toHaveLength(1);
    const secretBase64 = WHSEC.slice('whsec_'.length);
    expect(keys[0]).not.toContain(secretBase64);
    expect(keys[0]).toMatch(/^[0-9a-f]{24}:standard-webhooks:/);
  });

  it('keys a legacy delivery on its event id', async () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: LEGACY_KEY, on: { 'message.received': onMessage }, dedupe: new MemoryDedupeStore() });

    await handle((await signedDelivery(legacyMessageReceived, 'openphone-signature'))());
    await handle((await signedDelivery(legacyMessageReceived, 'openphone-signature'))());
    await handle((await signedDelivery({ ...legacyMessageReceived, id: 'EVother' }, 'openphone-signature'))());

    expect(onMessage.mock.calls.map(([event]) => (event as { id: string }).id)).toEqual([legacyMessageReceived.id, 'EVother']);
  });

  it('answers 409 to a repeat that arrives while the first is running, and 204 once it has finished', async () => {
    const running = deferred();
    const onMessage = vi.fn(() => running.promise);
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupe: new MemoryDedupeStore() });
    const request = await signedDelivery(messageReceived);

    const first = handle(request());
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledOnce());
    const concurrent = await handle(request());
    running.resolve();

    expect(concurrent.status).toBe(409);
    expect(concurrent.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await concurrent.json()).toEqual({ error: 'delivery_in_progress' });
    expect((await first).status).toBe(204);
    expect((await handle(request())).status).toBe(204);
    expect(onMessage).toHaveBeenCalledOnce();
  });

  it('releases the delivery when the callback throws, so the next retry runs it', async () => {
    const failure = new Error('database down');
    const onMessage = vi.fn().mockRejectedValueOnce(failure).mockResolvedValueOnce(undefined);
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupe: new MemoryDedupeStore() });
    const request = await signedDelivery(messageReceived);

    await expect(handle(request())).rejects.toBe(failure);
    expect((await handle(request())).status).toBe(204);
    expect((await handle(request())).status).toBe(204);

    expect(onMessage).toHaveBeenCalledTimes(2);
  });

  it('deduplicates by default, across handlers of one process', async () => {
    const onMessage = vi.fn();
    const request = await signedDelivery(messageReceived);

    await createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage } })(request());
    await createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage } })(request());

    expect(onMessage).toHaveBeenCalledOnce();
  });

  it('runs every delivery with dedupe: false', async () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupe: false });
    const request = await signedDelivery(messageReceived);

    await handle(request());
    await handle(request());

    expect(onMessage).toHaveBeenCalledTimes(2);
  });

  it('remembers a processed delivery for twice the tolerance by default, or for dedupeTtlSeconds', async () => {
    const store = new MemoryDedupeStore();
    const complete = vi.spyOn(store, 'complete');
    const on = { 'message.received': vi.fn() };

    await createWebhookHandler({ secret: WHSEC, on, dedupe: store })((await signedDelivery(messageReceived))());
    await createWebhookHandler({ secret: WHSEC, on, dedupe: store, toleranceSeconds: 60 })((await signedDelivery(messageReceived))());
    await createWebhookHandler({ secret: WHSEC, on, dedupe: store, dedupeTtlSeconds: 3600 })((await signedDelivery(messageReceived))());

    expect(complete.mock.calls.map(([, ttlMs]) => ttlMs)).toEqual([600_000, 120_000, 3_600_000]);
  });

  it('answers 500 invalid_options to a TTL shorter than the signature tolerance', async () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupeTtlSeconds: 299 });

    const response = await handle((await signedDelivery(messageReceived))());

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'invalid_options' });
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('answers 204 when the callback ran but the record could not be written, so the sender does not resend it', async () => {
    const store = new MemoryDedupeStore();
    vi.spyOn(store, 'complete').mockRejectedValue(new Error('store down'));
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupe: store });

    expect((await handle((await signedDelivery(messageReceived))())).status).toBe(204);
    expect(onMessage).toHaveBeenCalledOnce();
  });

  it('lets a store that cannot claim fail the request, so the delivery is retried and not run unguarded', async () => {
    const store = new MemoryDedupeStore();
    const outage = new Error('store down');
    vi.spyOn(store, 'claim').mockRejectedValue(outage);
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, dedupe: store });

    await expect(handle((await signedDelivery(messageReceived))())).rejects.toBe(outage);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('extends the claim while a long callback runs', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const store = new MemoryDedupeStore();
      const extend = vi.spyOn(store, 'extend');
      const running = deferred();
      const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': () => running.promise }, dedupe: store });

      const answered = handle((await signedDelivery(messageReceived))());
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
      vi.advanceTimersByTime(25_000);
      running.resolve();
      await answered;

      expect(extend).toHaveBeenCalledTimes(2);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('MemoryDedupeStore', () => {
  it('lets a lapsed claim be taken again, and forgets a processed delivery after its TTL', async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(1000);
    try {
      const store = new MemoryDedupeStore();
      expect(await store.claim('a', 'one', 100)).toBe('claimed');
      expect(await store.claim('a', 'two', 100)).toBe('in_progress');
      now.mockReturnValue(1100);
      expect(await store.claim('a', 'two', 100)).toBe('claimed');
      await store.complete('a', 50);
      expect(await store.claim('a', 'three', 100)).toBe('processed');
      now.mockReturnValue(1150);
      expect(await store.claim('a', 'three', 100)).toBe('claimed');
    } finally {
      now.mockRestore();
    }
  });

  it('extends and releases only for the claim holder', async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(0);
    try {
      const store = new MemoryDedupeStore();
      await store.claim('a', 'one', 100);
      await store.extend('a', 'two', 1000);
      await store.release('a', 'two');
      now.mockReturnValue(99);
      await store.extend('a', 'one', 100);
      now.mockReturnValue(150);
      expect(await store.claim('a', 'two', 100)).toBe('in_progress');
      await store.release('a', 'one');
      expect(await store.claim('a', 'two', 100)).toBe('claimed');
    } finally {
      now.mockRestore();
    }
  });

  it('forgets the oldest records beyond its capacity', async () => {
    const store = new MemoryDedupeStore(2);
    await store.complete('a', 1000);
    await store.complete('b', 1000);
    await store.complete('c', 1000);

    expect(await store.claim('b', 'x', 10)).toBe('processed');
    expect(await store.claim('a', 'x', 10)).toBe('claimed');
  });
});
