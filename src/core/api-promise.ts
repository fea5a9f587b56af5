/**
 * The promise every resource method returns: await it for the data, or ask for
 * the HTTP response with it (`withResponse()`) or instead of it (`asResponse()`).
 */

import { isRecord } from '../internal/validation/is-record.js';

/** The data of a call with the response it came from. */
export interface WithResponse<Data> {
  readonly data: Data;
  readonly response: Response;
  /** The API's trace id for this request, when the response body carries one (quote it to support). */
  readonly trace: string | undefined;
}

/**
 * How a call runs: `parse` reads the body; `raw` also keeps an unread copy of
 * the response for `asResponse()`.
 */
export type CallMode = 'parse' | 'raw';

/** A finished call: its response, and the data read from it on demand (so `asResponse()` can succeed where the data cannot). */
export interface CallOutcome<Data> {
  readonly response: Response;
  readonly trace: string | undefined;
  read(): Data;
}

/** The API's trace id in a response body (`{ trace }`), when it carries one. */
export function traceOfBody(body: unknown): string | undefined {
  return isRecord(body) && typeof body.trace === 'string' ? body.trace : undefined;
}

export type Execute<Data> = (mode: CallMode) => Promise<CallOutcome<Data>>;

/**
 * A real `Promise` of the data (`.then`, `.catch`, `.finally`, `await`), plus
 * `withResponse()` and `asResponse()`. The request starts in the microtask
 * after the method returns, or as soon as any of these is called, so calling
 * `asResponse()` straight on a method's result gets the body unread.
 */
export class APIPromise<Data> extends Promise<Data> {
  // Chained promises are plain ones: they must not run this constructor.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #execute: Execute<Data>;
  #mode: CallMode = 'parse';
  #result: Promise<CallOutcome<Data>> | undefined;

  /** `start: 'on-demand'` waits until the result is asked for (a list fetches nothing until used). */
  constructor(execute: Execute<Data>, start: 'now' | 'on-demand' = 'now') {
    super((resolve) => resolve(undefined as Data));
    this.#execute = execute;
    if (start === 'now') queueMicrotask(() => void this.#started());
  }

  /** The data with the response it came from and the API's trace id. */
  withResponse(): Promise<WithResponse<Data>> {
    return this.#started().then((outcome) => ({ data: outcome.read(), response: outcome.response, trace: outcome.trace }));
  }

  /**
   * The response itself, its body unread when called straight on the method's
   * result. An error status still rejects with the SDK's typed error.
   */
  asResponse(): Promise<Response> {
    this.#result ?? (this.#mode = 'raw');
    return this.#started().then((result) => result.response);
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is awaited like any promise.
  override then<Result1 = Data, Result2 = never>(
    onFulfilled?: ((data: Data) => Result1 | PromiseLike<Result1>) | null,
    onRejected?: ((reason: unknown) => Result2 | PromiseLike<Result2>) | null,
  ): Promise<Result1 | Result2> {
    return this.#started()
      .then((outcome) => outcome.read())
      .then(onFulfilled, onRejected);
  }

  #started(): Promise<CallOutcome<Data>> {
    return (this.#result ??= this.#execute(this.#mode));
  }
}
