import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { OpenPhone } from '../../src/index.js';

export const API = 'https://api.quo.com';

export interface Recorded {
  method: string;
  /** Path with the query string exactly as sent. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

// Importing nock makes it intercept every request the process makes. Test files share processes, so it
// intercepts only for the files that ask (interceptApi) and only while their tests run.
if (nock.isActive()) nock.restore();

/**
 * For this file's tests, requests are answered only by the nock interceptors they set up, and nothing reaches
 * the network; interceptors left unused are dropped after each test. Afterwards nock lets go of the process.
 */
export function interceptApi(): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}

let keyCounter = 0;

/** A client with a key of its own (so tests never share a rate limit) and a log of what reached the API. */
export function apiClient(options: ConstructorParameters<typeof OpenPhone>[0] = {}) {
  const requests: Recorded[] = [];
  const client = new OpenPhone({ apiKey: `resource-test-key-${++keyCounter}`, maxRetries: 0, rateLimit: false, ...options });
  /** Intercepts one `method path` (path matched without its query) and answers `status` with `payload`. */
  const reply = (method: string, path: string, status: number, payload?: unknown) => {
    nock(API)
      .intercept((uri) => uri.split('?')[0] === path, method)
      .reply(function (uri, body) {
        requests.push({
          method: this.req.method,
          path: uri,
          query: new URL(uri, API).searchParams,
          body: body === '' ? undefined : body,
          headers: { ...this.req.headers },
        });
        return payload === undefined ? [status] : [status, payload as nock.Body];
      });
  };
  return { client, requests, reply };
}

/** The rejection of `promise`, or a failure if it resolves. */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
