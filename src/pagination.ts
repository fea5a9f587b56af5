import { AbortError, OpenPhoneError, type OperationRef } from './errors.js';

/** One page of a list, as the API returned it. `totalItems` is left out on purpose: the API documents it as unreliable. */
export interface Page<Item> {
  readonly data: readonly Item[];
  /** The token for the next page; `null` on the last one. */
  readonly nextPageToken: string | null;
  /** The next page, or `null` after the last one. */
  nextPage(): Promise<Page<Item> | null>;
}

/** Fetches one page: the page token to send (none for the first page) and how many items to ask for. */
export type PageFetcher<Item> = (request: {
  pageToken: string | undefined;
  pageSize: number | undefined;
}) => Promise<{ data: readonly Item[]; nextPageToken: string | null }>;

export interface PaginationOptions {
  /** Stop after this many items in all, across pages. */
  readonly maxItems?: number;
  /** Page size to ask for; the last request asks only for what `maxItems` still allows. */
  readonly pageSize?: number;
  /** Checked between pages as well as during each request. */
  readonly signal?: AbortSignal;
  readonly operation: OperationRef;
}

/** The API sent a page token it had already sent: following it would loop forever. */
export class PaginationError extends OpenPhoneError {
  override name = 'PaginationError';
}

/**
 * The result of a list method: await it for the first page, or iterate it
 * with `for await` to get every item, pages fetched lazily as the loop needs
 * them (memory does not grow with the total).
 */
export class PagePromise<Item> implements PromiseLike<Page<Item>>, AsyncIterable<Item> {
  private firstPage: Promise<Page<Item>> | undefined;

  constructor(
    private readonly fetchPage: PageFetcher<Item>,
    private readonly options: PaginationOptions,
  ) {}

  then<Result1 = Page<Item>, Result2 = never>(
    onFulfilled?: ((page: Page<Item>) => Result1 | PromiseLike<Result1>) | null,
    onRejected?: ((reason: unknown) => Result2 | PromiseLike<Result2>) | null,
  ): Promise<Result1 | Result2> {
    this.firstPage ??= this.load(undefined, new Set(), this.options.maxItems);
    return this.firstPage.then(onFulfilled, onRejected);
  }

  /** Every page in turn, each fetched when the loop asks for it. */
  async *pages(): AsyncGenerator<Page<Item>, void, undefined> {
    let page: Page<Item> | null = await this;
    while (page) {
      yield page;
      page = await page.nextPage();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Every item in one array. Prefer `for await` for long lists; use `maxItems` to bound this. */
  async toArray(): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of this) items.push(item);
    return items;
  }

  private async load(pageToken: string | undefined, seen: Set<string>, remaining: number | undefined): Promise<Page<Item>> {
    const { signal, operation, pageSize } = this.options;
    if (signal?.aborted) {
      throw new AbortError(`${operation.method} ${operation.path}: aborted by the caller between pages`, {
        operation,
        cause: signal.reason,
      });
    }
    const size = remaining === undefined ? pageSize : Math.min(remaining, pageSize ?? remaining);
    const result = await this.fetchPage({ pageToken, pageSize: size });
    const data = remaining === undefined ? result.data : result.data.slice(0, remaining);
    const left = remaining === undefined ? undefined : remaining - data.length;
    const token = result.nextPageToken;
    if (token !== null && (seen.has(token) || token === pageToken)) {
      throw new PaginationError(
        `${operation.method} ${operation.path}: the API repeated page token ${JSON.stringify(token)}; stopped instead of looping forever`,
        { operation },
      );
    }
    const more = token !== null && left !== 0;
    return {
      data,
      nextPageToken: token,
      nextPage: () => (more ? this.load(token, new Set(seen).add(token), left) : Promise.resolve(null)),
    };
  }
}
