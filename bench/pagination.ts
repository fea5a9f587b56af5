/**
 * Pagination benchmark.
 *
 * (a) Cost per page deep into a list, and the heap a list keeps per page,
 *     through the SDK over an in-memory fetch (no network, so only the SDK's
 *     own work shows): per-page time after 1 000 and after 40 000 pages.
 * (b) Items per second through `for await` over a list against a
 *     hand-written fetch loop, both against one loopback server in its own
 *     process, a page of each in turn so that both see the same load:
 *     `v1.contacts.list` in pages of 50 (100 000 and 1 000 000 items) and
 *     `v1.conversations.list` in pages of 100 (100 000 items).
 *     Goal: the SDK reaches at least 0.9 of the fetch loop.
 *
 *   npx tsx bench/pagination.ts           (both)
 *   npx tsx bench/pagination.ts --quick   (a) to 1 000 pages only, (b) without the million
 *   add --baseline=REF to run the SDK as it was at that git ref beside it (both built as users run them)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OpenPhone } from '../src/index.js';
import { contact } from '../test/fixtures/models.js';
import { baselineRef, buildEsmPackage, buildEsmPackageAt, importBuilt } from './library-build.js';
import { printSection, section, type Figure, type Section } from './results.js';

/** The client class under test: the source, or a built package (this one's or a baseline's). */
type Sdk = typeof OpenPhone;

const PAGE_SIZE = 50;
const GOAL = 0.9;

const contactOf = (id: string) => ({ ...contact, id });

/** One page of a list of `total` contacts, starting at the page the token names, as long as `maxResults` asks. */
function pageBody(query: URLSearchParams, total: number): string {
  const size = Number(query.get('maxResults') ?? PAGE_SIZE);
  const index = Number(query.get('pageToken')?.slice(1) ?? 0);
  const first = index * size;
  const count = Math.max(0, Math.min(size, total - first));
  const data = Array.from({ length: count }, (_, i) => contactOf(`c${first + i}`));
  return JSON.stringify({ data, nextPageToken: first + count < total ? `p${index + 1}` : null, totalItems: total });
}

/** The list's length travels in a filter (`externalIds`, or `userId` for conversations), so one server serves every size. */
const totalOf = (query: URLSearchParams) => Number((query.get('externalIds') ?? query.get('userId')!).replace(/^(US)?total-/, ''));

/** A list the SDK pages through, and the request a hand-written loop sends for the same pages. */
interface ListUnderTest {
  readonly pageSize: number;
  readonly path: string;
  readonly filter: (total: number) => Record<string, string>;
  readonly items: (sdk: InstanceType<Sdk>, total: number) => AsyncIterator<unknown>;
}

const CONTACTS_BY_50: ListUnderTest = {
  pageSize: 50,
  path: '/v1/contacts',
  filter: (total) => ({ externalIds: `total-${total}` }),
  items: (sdk, total) => sdk.v1.contacts.list({ externalIds: `total-${total}` })[Symbol.asyncIterator](),
};

const CONVERSATIONS_BY_100: ListUnderTest = {
  pageSize: 100,
  path: '/v1/conversations',
  filter: (total) => ({ userId: `UStotal-${total}` }),
  items: (sdk, total) => sdk.v1.conversations.list({ userId: `UStotal-${total}`, maxResults: 100 })[Symbol.asyncIterator](),
};

let keyCounter = 0;
const client = (Client: Sdk, fetch?: (request: Request) => Promise<Response>, baseUrl?: string) =>
  new Client({ apiKey: `bench-pagination-${process.pid}-${++keyCounter}`, rateLimit: false, ...(fetch && { fetch }), ...(baseUrl && { baseUrl }) });

/** A client whose fetch answers each page of a list of `total` contacts from memory (no network, no `Content-Length`). */
const inMemoryClient = (Client: Sdk, total: number) =>
  client(Client, async (request) => new Response(pageBody(new URL(request.url).searchParams, total), { headers: { 'content-type': 'application/json' } }));

/** Microseconds per page over `window` pages after the first `warm`, through `Client` over an in-memory fetch. */
async function perPageInMemory(Client: Sdk, warm: number, window: number): Promise<number> {
  const total = (warm + window) * PAGE_SIZE;
  const sdk = inMemoryClient(Client, total);
  let page = 0;
  let started = 0;
  for await (const listed of sdk.v1.contacts.list({ externalIds: `total-${total}` }).pages()) {
    if (++page === warm) started = performance.now();
    void listed;
  }
  return ((performance.now() - started) * 1000) / (page - warm);
}

/** (a) against a baseline: the cost per page of each, measured in turn several times; medians. */
async function inMemoryAgainst(sdks: Record<string, Sdk>, repetitions = 5): Promise<Figure[]> {
  const times = new Map(Object.keys(sdks).map((name) => [name, [] as number[]]));
  for (let i = 0; i < repetitions; i++) {
    for (const [name, Client] of Object.entries(sdks)) times.get(name)!.push(await perPageInMemory(Client, 200, 1_000));
  }
  const medians = [...times].map(([name, values]) => [name, values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!] as const);
  console.log('(a) SDK pagination, in-memory fetch (the same page bodies for each), 50 items per page, median µs per page:');
  for (const [name, value] of medians) console.log(`    ${name}: ${value.toFixed(1)} µs (${(value - medians[0]![1]).toFixed(1)} µs beside the first)`);
  return [
    {
      figure: `Per page after 200 pages, in-memory fetch, median of ${repetitions}`,
      measured: medians.map(([name, value]) => `${name} ${value.toFixed(1)} µs`).join('; '),
      goal: '(for comparison)',
    },
  ];
}

/** `deep`: also measure after 40 000 pages and the heap kept per page; else only the cost per page after 1 000. */
async function inMemory(Client: Sdk, deep: boolean): Promise<Figure[]> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const window = 500;
  const pages = (deep ? 40_000 : 1_000) + window;
  const total = pages * PAGE_SIZE;
  const sdk = inMemoryClient(Client, total);
  const marks = new Map<number, number>();
  const heap = new Map<number, number>();
  let page = 0;
  for await (const listed of sdk.v1.contacts.list({ externalIds: `total-${total}` }).pages()) {
    page++;
    if (page === 1_000 || page === 40_000) {
      gc();
      heap.set(page, process.memoryUsage().heapUsed);
    }
    if (page === 1_000 || page === 40_000 || page === 1_000 + window || page === 40_000 + window) marks.set(page, performance.now());
    void listed;
  }
  const perPage = (at: number) => ((marks.get(at + window)! - marks.get(at)!) * 1000) / window;
  const early = { figure: 'Per page after 1 000 pages, in-memory fetch', measured: `${perPage(1_000).toFixed(1)} µs`, goal: '(tracked)' };
  if (!deep) {
    console.log(`(a) SDK pagination, in-memory fetch, 50 items per page: ${perPage(1_000).toFixed(1)} µs per page after 1 000 pages`);
    return [early];
  }
  const heapPerPage = (heap.get(40_000)! - heap.get(1_000)!) / 39_000;
  console.log('(a) SDK pagination, in-memory fetch, 50 items per page');
  console.log(`    per page after  1 000 pages: ${perPage(1_000).toFixed(1)} µs`);
  console.log(`    per page after 40 000 pages: ${perPage(40_000).toFixed(1)} µs   (ratio ${(perPage(40_000) / perPage(1_000)).toFixed(2)}; goal about 1)`);
  console.log(`    heap kept per page, pages 1 000 to 40 000: ${heapPerPage.toFixed(1)} B   (goal: flat, about 0)`);
  return [
    early,
    {
      figure: 'Per page after 40 000 pages, in-memory fetch',
      measured: `${perPage(40_000).toFixed(1)} µs, ${(perPage(40_000) / perPage(1_000)).toFixed(2)}× the cost after 1 000`,
      goal: 'about 1× the cost after 1 000',
    },
    { figure: 'Heap kept per page, pages 1 000 to 40 000', measured: `${heapPerPage.toFixed(1)} B`, goal: 'about 0 (flat)' },
  ];
}

/** The loop a user writes without the SDK, one page per step: fetch, parse, count the items, follow the token. */
function fetchLoop(baseUrl: string, list: ListUnderTest, total: number): () => Promise<number | null> {
  let token: string | null | undefined;
  return async () => {
    if (token === null) return null;
    const query = new URLSearchParams({ ...list.filter(total), maxResults: String(list.pageSize) });
    if (token) query.set('pageToken', token);
    const response = await fetch(`${baseUrl}${list.path}?${query}`, { headers: { Authorization: 'bench-key' } });
    const body = (await response.json()) as { data: unknown[]; nextPageToken: string | null };
    let items = 0;
    for (const item of body.data) if (item) items++;
    token = body.nextPageToken;
    return items;
  };
}

/** `for await` over the SDK's list, one page's worth of items per step. */
function sdkLoop(Client: Sdk, baseUrl: string, list: ListUnderTest, total: number): () => Promise<number | null> {
  const items = list.items(client(Client, undefined, baseUrl), total);
  let done = false;
  return async () => {
    if (done) return null;
    let count = 0;
    while (count < list.pageSize) {
      const next = await items.next();
      if (next.done) {
        done = true;
        break;
      }
      if (next.value) count++;
    }
    return count;
  };
}

/**
 * Runs the fetch loop and each SDK's loop over the same list length, a page
 * of one then a page of the next, so all see the same machine load; returns
 * items per second of each, the fetch loop's as `fetch loop`.
 */
async function interleaved(sdks: Record<string, Sdk>, baseUrl: string, list: ListUnderTest, total: number): Promise<Map<string, number>> {
  const loops = new Map<string, () => Promise<number | null>>([['fetch loop', fetchLoop(baseUrl, list, total)]]);
  for (const [name, Client] of Object.entries(sdks)) loops.set(name, sdkLoop(Client, baseUrl, list, total));
  const spent = new Map([...loops.keys()].map((name) => [name, 0]));
  const items = new Map([...loops.keys()].map((name) => [name, 0]));
  const live = new Set(loops.keys());
  while (live.size > 0) {
    for (const name of [...live]) {
      const started = performance.now();
      const count = await loops.get(name)!();
      spent.set(name, spent.get(name)! + performance.now() - started);
      if (count === null) live.delete(name);
      else items.set(name, items.get(name)! + count);
    }
  }
  for (const [name, count] of items) if (count !== total) throw new Error(`expected ${total} items from ${name}, got ${count}`);
  return new Map([...spent].map(([name, ms]) => [name, total / (ms / 1000)]));
}

async function overLoopback(sdks: Record<string, Sdk>, quick: boolean): Promise<Figure[]> {
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout! });
  const [baseUrl] = (await once(lines, 'line')) as [string];
  try {
    console.log('(b) items per second, for await over a list against a hand-written fetch loop, page by page in turn (loopback server in its own process)');
    await interleaved(sdks, baseUrl, CONTACTS_BY_50, 5_000);
    const runs: [ListUnderTest, number][] = [[CONTACTS_BY_50, 100_000], [CONVERSATIONS_BY_100, 100_000], ...(quick ? [] : [[CONTACTS_BY_50, 1_000_000] as [ListUnderTest, number]])];
    const throughput: Figure[] = [];
    for (const [list, total] of runs) {
      const rates = await interleaved(sdks, baseUrl, list, total);
      const bare = rates.get('fetch loop')!;
      const sdkRates = [...rates].filter(([name]) => name !== 'fetch loop');
      const figures = sdkRates.map(([name, rate]) => `${name} ${Math.round(rate)}/s, ratio ${(rate / bare).toFixed(2)}`).join('; ');
      const ratio = sdkRates[0]![1] / bare;
      console.log(
        `    ${total.toLocaleString('en-US').padStart(9)} items, pages of ${String(list.pageSize).padStart(3)}: fetch loop ${Math.round(bare)}/s; ${figures} (goal >= ${GOAL}) ${ratio >= GOAL ? 'met' : 'NOT MET'}`,
      );
      throughput.push({
        figure: `Items per second, \`for await\` over a list against a hand-written fetch loop: ${total.toLocaleString('en-US')} items in pages of ${list.pageSize} (\`${list.path}\`)`,
        measured: `${sdkRates.map(([name, rate]) => `${name} ${(rate / bare).toFixed(2)} of the fetch loop (${Math.round(rate)}/s)`).join('; ')}; fetch loop ${Math.round(bare)}/s`,
        goal: `≥ ${GOAL} of the fetch loop`,
      });
    }
    return throughput;
  } finally {
    lines.close();
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

function serve(): void {
  const server = createServer((request, response) => {
    const query = new URL(request.url!, 'http://127.0.0.1').searchParams;
    const body = pageBody(query, totalOf(query));
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

const TITLE =
  'Pagination (`bench/pagination.ts`): 50 items per page over an in-memory fetch; items per second against a hand-written fetch loop, a page of each in turn, loopback server in its own process';

export async function benchPagination({ quick = false, baseline = baselineRef() }: { quick?: boolean; baseline?: string | undefined } = {}): Promise<Section> {
  const built = await mkdtemp(path.join(os.tmpdir(), 'openphone-sdk-pagination-'));
  try {
    await buildEsmPackage(path.join(built, 'current'));
    const { OpenPhone } = await importBuilt(path.join(built, 'current'));
    if (!baseline) return section('pagination', TITLE, [...(await inMemory(OpenPhone, !quick)), ...(await overLoopback({ SDK: OpenPhone }, quick))]);
    await buildEsmPackageAt(baseline, path.join(built, 'baseline'));
    const sdks = { SDK: OpenPhone, [`SDK at ${baseline}`]: (await importBuilt(path.join(built, 'baseline'))).OpenPhone };
    return section('pagination', TITLE, [...(await inMemoryAgainst(sdks)), ...(await overLoopback(sdks, quick))]);
  } finally {
    await rm(built, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') serve();
else if (import.meta.url === pathToFileURL(process.argv[1]!).href) printSection(await benchPagination({ quick: process.argv.includes('--quick') }));
