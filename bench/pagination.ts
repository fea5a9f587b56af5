/**
 * Pagination benchmark.
 *
 * (a) Cost per page deep into a list, and the heap a list keeps per page,
 *     through the SDK over an in-memory fetch (no network, so only the SDK's
 *     own work shows): per-page time after 1 000 and after 40 000 pages.
 * (b) Items per second through `for await` over `contacts.list` against a
 *     hand-written fetch loop, both against one loopback server in its own
 *     process, at 100 000 and 1 000 000 items (50 per page), a page of each
 *     in turn so that both see the same load.
 *     Goal: the SDK reaches at least 0.9 of the fetch loop.
 *
 *   npx tsx bench/pagination.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OpenPhone } from '../src/index.js';
import { contact } from '../test/fixtures/models.js';

const PAGE_SIZE = 50;
const GOAL = 0.9;

const contactOf = (id: string) => ({ ...contact, id });

/** One page of a list of `total` contacts, starting at the page the token names. */
function pageBody(query: URLSearchParams, total: number): string {
  const index = Number(query.get('pageToken')?.slice(1) ?? 0);
  const first = index * PAGE_SIZE;
  const count = Math.max(0, Math.min(PAGE_SIZE, total - first));
  const data = Array.from({ length: count }, (_, i) => contactOf(`c${first + i}`));
  return JSON.stringify({ data, nextPageToken: first + count < total ? `p${index + 1}` : null, totalItems: total });
}

/** The list's length travels in `externalIds`, so one server serves every size. */
const totalOf = (query: URLSearchParams) => Number(query.get('externalIds')!.slice('total-'.length));

let keyCounter = 0;
const client = (fetch?: (request: Request) => Promise<Response>, baseUrl?: string) =>
  new OpenPhone({ apiKey: `bench-pagination-${process.pid}-${++keyCounter}`, rateLimit: false, ...(fetch && { fetch }), ...(baseUrl && { baseUrl }) });

async function inMemory(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const window = 500;
  const pages = 40_000 + window;
  const total = pages * PAGE_SIZE;
  const sdk = client(async (request) => new Response(pageBody(new URL(request.url).searchParams, total), { headers: { 'content-type': 'application/json' } }));
  const marks = new Map<number, number>();
  const heap = new Map<number, number>();
  let page = 0;
  for await (const listed of sdk.contacts.list({ externalIds: `total-${total}` }).pages()) {
    page++;
    if (page === 1_000 || page === 40_000) {
      gc();
      heap.set(page, process.memoryUsage().heapUsed);
    }
    if (page === 1_000 || page === 40_000 || page === 1_000 + window || page === 40_000 + window) marks.set(page, performance.now());
    void listed;
  }
  const perPage = (at: number) => ((marks.get(at + window)! - marks.get(at)!) * 1000) / window;
  const heapPerPage = (heap.get(40_000)! - heap.get(1_000)!) / 39_000;
  console.log('(a) SDK pagination, in-memory fetch, 50 items per page');
  console.log(`    per page after  1 000 pages: ${perPage(1_000).toFixed(1)} µs`);
  console.log(`    per page after 40 000 pages: ${perPage(40_000).toFixed(1)} µs   (ratio ${(perPage(40_000) / perPage(1_000)).toFixed(2)}; goal about 1)`);
  console.log(`    heap kept per page, pages 1 000 to 40 000: ${heapPerPage.toFixed(1)} B   (goal: flat, about 0)`);
}

/** The loop a user writes without the SDK, one page per step: fetch, parse, count the items, follow the token. */
function fetchLoop(baseUrl: string, total: number): () => Promise<number | null> {
  let token: string | null | undefined;
  return async () => {
    if (token === null) return null;
    const query = new URLSearchParams({ externalIds: `total-${total}`, maxResults: String(PAGE_SIZE) });
    if (token) query.set('pageToken', token);
    const response = await fetch(`${baseUrl}/v1/contacts?${query}`, { headers: { Authorization: 'bench-key' } });
    const body = (await response.json()) as { data: unknown[]; nextPageToken: string | null };
    let items = 0;
    for (const item of body.data) if (item) items++;
    token = body.nextPageToken;
    return items;
  };
}

/** `for await` over the SDK's list, one page's worth of items per step. */
function sdkLoop(baseUrl: string, total: number): () => Promise<number | null> {
  const items = client(undefined, baseUrl).contacts.list({ externalIds: `total-${total}` })[Symbol.asyncIterator]();
  let done = false;
  return async () => {
    if (done) return null;
    let count = 0;
    while (count < PAGE_SIZE) {
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
 * Runs both loops over the same list length, a page of one then a page of the
 * other, so both see the same machine load; returns items per second of each.
 */
async function interleaved(baseUrl: string, total: number): Promise<{ bare: number; sdk: number }> {
  const loops = { bare: fetchLoop(baseUrl, total), sdk: sdkLoop(baseUrl, total) };
  const spent = { bare: 0, sdk: 0 };
  const items = { bare: 0, sdk: 0 };
  const live = new Set<keyof typeof loops>(['bare', 'sdk']);
  while (live.size > 0) {
    for (const name of [...live]) {
      const started = performance.now();
      const count = await loops[name]();
      spent[name] += performance.now() - started;
      if (count === null) live.delete(name);
      else items[name] += count;
    }
  }
  if (items.bare !== total || items.sdk !== total) throw new Error(`expected ${total} items, got ${items.bare} and ${items.sdk}`);
  return { bare: total / (spent.bare / 1000), sdk: total / (spent.sdk / 1000) };
}

async function overLoopback(): Promise<void> {
  const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout! });
  const [baseUrl] = (await once(lines, 'line')) as [string];
  try {
    console.log('(b) items per second, for await over contacts.list against a hand-written fetch loop, page by page in turn (loopback server in its own process)');
    await interleaved(baseUrl, 5_000);
    for (const total of [100_000, 1_000_000]) {
      const { bare, sdk } = await interleaved(baseUrl, total);
      const ratio = sdk / bare;
      console.log(
        `    ${total.toLocaleString('en-US').padStart(9)} items: fetch loop ${Math.round(bare)}/s, SDK ${Math.round(sdk)}/s, ratio ${ratio.toFixed(2)} (goal >= ${GOAL}) ${ratio >= GOAL ? 'met' : 'NOT MET'}`,
      );
    }
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

export async function benchPagination(): Promise<void> {
  await inMemory();
  await overLoopback();
}

if (process.argv[2] === 'serve') serve();
else if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchPagination();
