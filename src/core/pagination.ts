import { APIPromise, type WithResponse } from './api-promise.js';
import { AbortError, OpenPhoneError, type OperationRef } from './errors.js';

interface PageBase<Item> {
  readonly data: readonly Item[];
  /** The HTTP response this page came from. */
  readonly response: Response;
  /** Whether `nextPage()` fetches another page (false on the last one, or once `maxItems` is reached). */
  hasNextPage(): boolean;
}

/**
 * One page of a v1 list, as the API returned it. `totalItems` is left out on
 * purpose: the API documents it as unreliable.
 */
export interface Page<Item> extends PageBase<Item> {
  /** Where the next page starts: pass it as `pageToken` to resume the list later. `null` on the last page. */
  readonly nextPageToken: string | null;
  /** The next page, or `null` after the last one. */
  nextPage(): Promise<Page<Item> | null>;
}

/** One page of a list of the dated API, which pages by cursor. */
export interface CursorPage<Item> extends PageBase<Item> {
  /** Where the next page starts: pass it as `after` to resume the list later. `null` on the last page. */
  readonly nextCursor: string | null;
  /** The next page, or `null` after the last one. */
  nextPage(): Promise<CursorPage<Item> | null>;
}

export type AnyPage<Item> = Page<Item> | CursorPage<Item>;

/** One page as fetched: its items, where the next one starts, and the response. */
export interface FetchedPage<Item> {
  readonly data: readonly Item[];
  readonly next: string | null;
  readonly response: Response;
  readonly trace: string | undefined;
}

/** Fetches one page: where it starts (nothing for the first page) and how many items to ask for. */
export type PageFetcher<Item> = (request: { position: string | undefined; pageSize: number | undefined }) => Promise<FetchedPage<Item>>;

export interface PaginationOptions {
  /** The page field that says where the next page starts: `nextPageToken` (v1) or `nextCursor` (dated). */
  readonly positionField: 'nextPageToken' | 'nextCursor';
  /** Where the first page starts, to resume a list from a stored position. */
  readonly start?: string | undefined;
  /** Stop after this many items in all, across pages. */
  readonly maxItems?: number | undefined;
  /** Page size to ask for; the last request asks only for what `maxItems` still allows. */
  readonly pageSize?: number | undefined;
  /** Checked between pages as well as during each request. */
  readonly signal?: AbortSignal | undefined;
  readonly operation: OperationRef;
}

/** The API sent a page position it had already sent, or empty page after empty page: following it would never end. */
export class PaginationError extends OpenPhoneError {
  override name = 'PaginationError';
}

/**
 * How many empty pages in a row, each pointing to yet another page, a list
 * follows before it stops with a `PaginationError`: an API that keeps saying
 * "more" with nothing in it would otherwise be followed forever.
 */
export const MAX_EMPTY_PAGES = 5;

/** How many recent positions a list remembers exactly; older loops are caught by `PositionTrail`'s checkpoint. */
export const RECENT_POSITIONS = 1024;

/**
 * The positions one list has followed, to stop it when the API sends it in a
 * circle, in memory that does not grow with the list. A position is the same
 * page only at the same depth, so calling `nextPage()` twice on one page is no
 * loop; the same position at another depth is. The last `RECENT_POSITIONS`
 * are checked exactly; beyond them a checkpoint, moved at each power-of-two
 * depth, catches any longer cycle within two of its laps (Brent's method).
 */
class PositionTrail {
  readonly #recent = new Map<string, number>();
  #checkpoint: { position: string; depth: number } | undefined;

  /** Records that the page at `depth` pointed to `position`; false when an earlier page at another depth already did. */
  follow(position: string, depth: number): boolean {
    const seenAt = this.#recent.get(position);
    if (seenAt !== undefined) return seenAt === depth;
    if (this.#checkpoint?.position === position && this.#checkpoint.depth !== depth) return false;
    this.#recent.set(position, depth);
    if (this.#recent.size > RECENT_POSITIONS) this.#recent.delete(this.#recent.keys().next().value!);
    if ((depth & (depth - 1)) === 0 && depth > (this.#checkpoint?.depth ?? -1)) this.#checkpoint = { position, depth };
    return true;
  }
}

/**
 * The result of a list method, a real `Promise` of its first page: await it
 * (or use `.then`, `.catch`, `.finally`, `withResponse()`), or iterate it with
 * `for await` to get every item, pages fetched lazily as the loop needs them
 * (memory does not grow with the total). Nothing is fetched until it is used.
 */
export class PagePromise<Item, P extends AnyPage<Item> = Page<Item>> extends APIPromise<P> implements AsyncIterable<Item> {
  constructor(fetchPage: PageFetcher<Item>, options: PaginationOptions) {
    super(async () => {
      const trail = new PositionTrail();
      if (options.start !== undefined) trail.follow(options.start, 0);
      const page = await loadPage<Item, P>(fetchPage, options, trail, options.start, 1, options.maxItems);
      return { response: page.response, trace: page.trace, read: () => page.page };
    }, 'on-demand');
  }

  /** Every page in turn, each fetched when the loop asks for it. */
  async *pages(): AsyncGenerator<P, void, undefined> {
    let page: P | null = await this;
    while (page) {
      yield page;
      page = (await page.nextPage()) as P | null;
    }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Item> {
    return new ItemIterator<Item>(this.pages());
  }

  /** Every item in one array. Prefer `for await` for long lists; use `maxItems` to bound this. */
  async toArray(): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of this.pages()) items.push(...page.data);
    return items;
  }
}

/**
 * The items of a list in turn, pages fetched as the loop reaches their end.
 * Written out rather than as `yield*` in an async generator, which takes
 * several turns of the microtask queue per item: here an item of a page
 * already fetched costs one settled promise.
 */
class ItemIterator<Item> implements AsyncIterableIterator<Item> {
  readonly #pages: AsyncGenerator<AnyPage<Item>, void, undefined>;
  #data: readonly Item[] = [];
  #index = 0;
  /** The page being fetched: calls made meanwhile wait for it, so none skips ahead or loses an item. */
  #pulling: Promise<IteratorResult<Item, undefined>> | undefined;

  constructor(pages: AsyncGenerator<AnyPage<Item>, void, undefined>) {
    this.#pages = pages;
  }

  next(): Promise<IteratorResult<Item, undefined>> {
    if (this.#pulling) {
      const again = () => this.next();
      return this.#pulling.then(again, again);
    }
    if (this.#index < this.#data.length) return Promise.resolve({ done: false, value: this.#data[this.#index++]! });
    const pulling = this.#pull();
    this.#pulling = pulling;
    const settled = () => {
      this.#pulling = undefined;
    };
    pulling.then(settled, settled);
    return pulling;
  }

  async return(): Promise<IteratorResult<Item, undefined>> {
    this.#data = [];
    await this.#pages.return();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async #pull(): Promise<IteratorResult<Item, undefined>> {
    while (this.#index >= this.#data.length) {
      const page = await this.#pages.next();
      if (page.done) return { done: true, value: undefined };
      this.#data = page.value.data;
      this.#index = 0;
    }
    return { done: false, value: this.#data[this.#index++]! };
  }
}

async function loadPage<Item, P extends AnyPage<Item>>(
  fetchPage: PageFetcher<Item>,
  options: PaginationOptions,
  trail: PositionTrail,
  position: string | undefined,
  depth: number,
  remaining: number | undefined,
  emptyRun = 0,
): Promise<{ page: P; response: Response; trace: string | undefined }> {
  const { signal, operation, pageSize, positionField } = options;
  if (signal?.aborted) {
    throw new AbortError(`${operation.method} ${operation.path}: aborted by the caller between pages`, { operation, cause: signal.reason });
  }
  const size = remaining === undefined ? pageSize : Math.min(remaining, pageSize ?? remaining);
  const fetched = await fetchPage({ position, pageSize: size });
  const data = remaining === undefined || fetched.data.length <= remaining ? fetched.data : fetched.data.slice(0, remaining);
  const left = remaining === undefined ? undefined : remaining - data.length;
  const next = fetched.next;
  if (next !== null && (next === position || !trail.follow(next, depth))) {
    throw new PaginationError(`${operation.method} ${operation.path}: the API repeated ${positionField} ${JSON.stringify(next)}; stopped instead of looping forever`, { operation });
  }
  const empties = next !== null && fetched.data.length === 0 ? emptyRun + 1 : 0;
  if (empties >= MAX_EMPTY_PAGES) {
    throw new PaginationError(`${operation.method} ${operation.path}: the API sent ${empties} empty pages in a row, each with a new ${positionField}; stopped instead of following it forever`, {
      operation,
    });
  }
  const more = next !== null && left !== 0;
  const page = {
    data,
    response: fetched.response,
    [positionField]: next,
    hasNextPage: () => more,
    nextPage: async () => (more ? (await loadPage<Item, P>(fetchPage, options, trail, next, depth + 1, left, empties)).page : null),
  } as unknown as P;
  return { page, response: fetched.response, trace: fetched.trace };
}

export type { WithResponse };
