import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { interceptApi } from '../helpers/nock-api.js';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  OpenPhone,
  OpenPhoneError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
} from '../../src/index.js';
import { parseErrorBody } from '../../src/internal/transport/http-errors.js';
import { renderings } from '../helpers/error-renderings.js';

const API = 'https://api.quo.com';
const KEY = 'sk_live_errors_test_5f2b9c';

interceptApi();

function client() {
  return new OpenPhone({ apiKey: KEY, rateLimit: false, maxRetries: 0 });
}

async function failure(status: number, body?: unknown, headers?: Record<string, string>): Promise<OpenPhoneError> {
  const scope = nock(API).get('/v1/messages/AC1');
  if (body === undefined) scope.reply(status, '', headers);
  else scope.reply(status, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  const c = client();
  try {
    c.unwrap(await c.raw.GET('/v1/messages/{id}', { params: { path: { id: 'AC1' } } }));
  } catch (error) {
    return error as OpenPhoneError;
  }
  throw new Error('expected the call to fail');
}

describe('typed errors by status', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, PaymentRequiredError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])('%i becomes %o', async (status, ErrorClass) => {
    const error = await failure(status, { message: 'Something', status });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(OpenPhoneError);
    expect(error.status).toBe(status);
    expect(error.operation).toEqual({ method: 'GET', path: '/v1/messages/{id}', operationId: 'getMessageById_v1' });
  });

  it('reads the flat shape the spec documents, with field errors on 400', async () => {
    const error = await failure(400, {
      message: 'A2P registration is not approved',
      code: '0206400',
      status: 400,
      docs: 'https://openphone.com/docs',
      title: 'A2P Registration Not Approved',
      trace: 'trace-abc',
      errors: [{ path: '/to/0', message: 'Expected E.164', value: '555', schema: { type: 'string' } }],
    });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      code: '0206400',
      title: 'A2P Registration Not Approved',
      trace: 'trace-abc',
      docs: 'https://openphone.com/docs',
      mayHaveBeenProcessed: false,
    });
    expect((error as BadRequestError).errors).toEqual([{ path: '/to/0', message: 'Expected E.164', value: '555', schema: { type: 'string' } }]);
    expect(error.message).toBe('GET /v1/messages/{id}: A2P registration is not approved (400, code 0206400, trace trace-abc)');
  });

  it('reads the wrapped shape seen live', async () => {
    const error = await failure(401, { error: { message: 'Invalid API key', key: 'invalid_api_key', trace: 't-1' } });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ message: expect.stringContaining('Invalid API key'), key: 'invalid_api_key', trace: 't-1' });
  });

  it.each([
    ['an empty body', undefined],
    ['an HTML page', '<html><body>Bad gateway</body></html>'],
    ['JSON that is not an object', '"oops"'],
  ])('falls back to the status text for %s', async (_label, body) => {
    const error = await failure(502, body);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe('GET /v1/messages/{id}: Bad Gateway (502)');
  });

  it('keeps the response headers, and Retry-After on 429', async () => {
    const error = await failure(429, { message: 'API rate limit exceeded' }, { 'retry-after': '3', 'x-request-id': 'req-9' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3000);
    expect(error.headers['x-request-id']).toBe('req-9');
  });

  it('parses both shapes directly', () => {
    expect(parseErrorBody({ message: 'm', code: '0100400', status: 400 })).toEqual({ message: 'm', code: '0100400', status: 400 });
    expect(parseErrorBody({ error: { message: 'm', key: 'k', trace: 't' } })).toEqual({ message: 'm', key: 'k', trace: 't' });
    expect(parseErrorBody('not json')).toEqual({});
    expect(parseErrorBody(null)).toEqual({});
    expect(parseErrorBody([1, 2])).toEqual({});
  });
});

describe('the API key never leaks', () => {
  it('not even when the server echoes it back in the body and headers', async () => {
    const error = await failure(
      401,
      { message: `Key ${KEY} is revoked`, code: '0200401', title: `Unauthorized ${KEY}`, trace: KEY, errors: [{ path: '/', message: KEY, value: KEY }] },
      { 'x-echo': `Authorization: ${KEY}` },
    );
    expect(error.message).toContain('Key [REDACTED] is revoked');
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });

  it('not when a custom fetch fails with the key in its error', async () => {
    const c = new OpenPhone({
      apiKey: KEY,
      rateLimit: false,
      maxRetries: 0,
      fetch: async (request) => {
        const failure = new TypeError(`fetch failed for ${request.url} with ${request.headers.get('authorization')}`);
        throw Object.assign(failure, { request, headers: Object.fromEntries(request.headers) });
      },
    });
    const error = await c.raw.GET('/v1/phone-numbers').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
    expect(String((error as Error).cause)).toContain('[REDACTED]');
  });

  it('not in validation errors about the key itself', () => {
    const error = (() => {
      try {
        return new OpenPhone({ apiKey: `Bearer ${KEY}` });
      } catch (caught) {
        return caught;
      }
    })();
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });
});
