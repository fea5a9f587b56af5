import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PagePromise, PaginationError, ValidationError, type Page } from '../../src/index.js';
import { RECENT_POSITIONS, type PageFetcher } from '../../src/core/pagination.js';
import { messages } from '../fixtures/models.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

const operation = { method: 'GET', path: '/v1/things', operationId: 'listThings' };
const answered = new Response(null, { status: 200 });

/** A list held in memory whose page tokens lead through `next(token)`; `null` ends it. */
function list(next: (position: string | undefined) => string | null, perPage = 1): PagePromise<number> {
  let served = 0;
  const fetchPage: PageFetcher<number> = async ({ position }) => ({
    data: Array.from({ length: perPage }, () => served++),
    next: next(position),
    response: answered,
    trace: undefined,
  });
  return new PagePromise(fetchPage, { positionField: 'nextPageToken', operation });
}

/** Page tokens p1, p2, ... up to `pages` pages. */
const straight = (pages: number) => (position: string | undefined) => {
  const index = position === undefined ? 1 : Number(position.slice(1)) + 1;
  return index < pages ? `p${index}` : null;
};

const params = { phoneNumberId: 'PN0001', participants: '+15555550123' };

describe('resuming a list', () => {
  it('starts from a stored pageToken and says whether more pages follow', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(2, 0), nextPageToken: 'p8' });
    reply('GET', '/v1/messages', 200, { data: messages(1, 2), nextPageToken: null });
    const page = await client.v1.messages.list({ ...params, pageToken: 'p7' });
    expect(page.hasNextPage()).toBe(true);
    const last = await page.nextPage();
    expect(last?.hasNextPage()).toBe(false);
    expect(await last?.nextPage()).toBeNull();
    expect(requests.map((r) => r.query.get('pageToken'))).toEqual(['p7', 'p8']);
  });

  it('has no next page once maxItems is reached, although the API has more', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(2, 0), nextPageToken: 'p2' });
    const page = await client.v1.messages.list({ ...params, maxResults: 2 }, { maxItems: 2 });
    expect([page.nextPageToken, page.hasNextPage()]).toEqual(['p2', false]);
  });

  it('refuses a next page whose token from the API no URL can carry, naming the field', async () => {
    const { client, reply, requests } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(1), nextPageToken: 'p\ud800' });
    const page = await client.v1.messages.list(params);
    const error = await rejection(page.nextPage());
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([{ field: 'pageToken', rule: 'wellFormed' }]);
    expect(requests).toHaveLength(1);
  });

  it('refuses a resumed list whose first page points back at its own token', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(1), nextPageToken: 'p7' });
    expect(await rejection(client.v1.messages.list({ ...params, pageToken: 'p7' }))).toBeInstanceOf(PaginationError);
  });
});

describe('iterating the items of a list', () => {
  /** A list of `pages` pages of three numbers each, counting the pages it fetched. */
  function counted(pages: number) {
    const fetched: (string | undefined)[] = [];
    const fetchPage: PageFetcher<number> = async ({ position }) => {
      fetched.push(position);
      const index = fetched.length - 1;
      return { data: [index * 3, index * 3 + 1, index * 3 + 2], next: index + 1 < pages ? `p${index + 1}` : null, response: answered, trace: undefined };
    };
    return { items: new PagePromise(fetchPage, { positionField: 'nextPageToken', operation }), fetched };
  }

  it('gives every item once, in order, to calls of next() made before any settles', async () => {
    const { items, fetched } = counted(4);
    const iterator = items[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 14 }, () => iterator.next()));
    expect(results.map((result) => result.value)).toEqual([...Array.from({ length: 12 }, (_, i) => i), undefined, undefined]);
    expect(results.map((result) => result.done)).toEqual([...Array<boolean>(12).fill(false), true, true]);
    expect(fetched).toEqual([undefined, 'p1', 'p2', 'p3']);
  });

  it('fetches no page past the one a loop breaks in', async () => {
    const { items, fetched } = counted(10);
    const seen: number[] = [];
    for await (const item of items) {
      seen.push(item);
      if (item === 4) break;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(fetched).toEqual([undefined, 'p1']);
  });

  it('passes on the error of a page, after the items before it', async () => {
    let calls = 0;
    const failing: PageFetcher<number> = async () => {
      if (++calls === 2) throw new PaginationError('page two failed', { operation });
      return { data: [1, 2], next: 'p1', response: answered, trace: undefined };
    };
    const seen: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of new PagePromise(failing, { positionField: 'nextPageToken', operation })) seen.push(item);
      })(),
    );
    expect((error as Error).message).toBe('page two failed');
    expect(seen).toEqual([1, 2]);
  });
});

describe('loops the API could send a list into', () => {
  it('stops at a token that comes back after another (p1 → p2 → p1) before yielding a page twice', async () => {
    const cycle = (position: string | undefined) => (position === 'p2' ? 'p1' : position === 'p1' ? 'p2' : 'p1');
    const seen: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of list(cycle)) seen.push(item);
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/GET \/v1\/things: the API repeated nextPageToken "p1"/);
    expect(seen).toEqual([0, 1]);
  });

  it('lets the same page be asked for its next page twice: that is no loop', async () => {
    const first = (await list(straight(4))) as Page<number>;
    const second = await first.nextPage();
    const again = await first.nextPage();
    expect([second?.nextPageToken, again?.nextPageToken]).toEqual(['p2', 'p2']);
    expect((await (await again!.nextPage())!.nextPage())?.nextPageToken).toBeNull();
  });

  it('catches a cycle longer than the positions it remembers, within two of its laps', async () => {
    const length = RECENT_POSITIONS * 3;
    const cycle = (position: string | undefined) => `p${position === undefined ? 1 : (Number(position.slice(1)) % length) + 1}`;
    let pages = 0;
    const error = await rejection(
      (async () => {
        for await (const _ of list(cycle)) pages++;
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect(pages).toBeGreaterThan(length);
    expect(pages).toBeLessThanOrEqual(4 * length);
  });
});

describe('cost of a long list', () => {
  /** The heap a `for await` over `pages` one-item pages keeps while at page `at`, measured after a full GC. */
  async function heapDuring(pages: number, checkpoints: readonly number[]): Promise<number[]> {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap: number[] = [];
    let count = 0;
    for await (const _ of list(straight(pages))) {
      if (checkpoints.includes(++count)) {
        gc();
        heap.push(process.memoryUsage().heapUsed);
      }
    }
    return heap;
  }

  it('keeps a flat heap: what a list holds does not grow with the pages behind it', async () => {
    const [early, late] = await heapDuring(42_000, [2_000, 42_000]);
    const bytesPerPage = (late! - early!) / 40_000;
    // Copying the set of seen tokens per page kept about 115 bytes per page behind (4.6 MB here).
    expect(bytesPerPage).toBeLessThan(10);
  });

  it('costs the same per page over 16 000 pages as over 1 000 (linear, not quadratic)', async () => {
    /** CPU time of this process per page (not wall-clock time, which other processes on the machine distort). */
    const perPage = async (pages: number) => {
      const started = process.cpuUsage();
      for await (const _ of list(straight(pages))) void _;
      const spent = process.cpuUsage(started);
      return (spent.user + spent.system) / pages;
    };
    await perPage(20_000);
    const short: number[] = [];
    const long: number[] = [];
    for (let round = 0; round < 5; round++) {
      short.push(await perPage(1_000));
      long.push(await perPage(16_000));
    }
    // Fitted growth exponent of the whole walk: 1 is linear; copying the seen tokens per page made it about 2.
    // Halfway between allows for the noise of a loaded machine (1.30 was seen on a linear walk).
    const exponent = 1 + Math.log(Math.min(...long) / Math.min(...short)) / Math.log(16);
    expect(exponent).toBeLessThan(1.5);
  });
});
