/**
 * Operations without a hand-written route are served from the spec: request
 * validated, documented success status, a body the spec's schema accepts. A
 * spec that grows is served at once; group sends follow the spec's `maxItems`.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { routeFor } from '../../src/sandbox/routes.js';
import { exampleValue } from '../../src/sandbox/spec-answer.js';
import { SPEC_FILES, specOperations, type JsonSchema, type SpecOperation, type Surface } from '../../src/sandbox/spec.js';

const KEY = 'sandbox-fallback-key';
const VERSION = { 'quo-api-version': '2026-03-30' };
const committed = (surface: Surface) => JSON.parse(readFileSync(new URL(`../../openapi/${SPEC_FILES[surface]}`, import.meta.url), 'utf8')) as Record<string, any>;

const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
async function start(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  opened.push(sandbox);
  return sandbox;
}

/** A request the spec accepts, built from its schemas: path parameters, required query parameters, body. */
function specRequest(sandbox: Sandbox, operation: SpecOperation): { url: URL; init: RequestInit } {
  let path = operation.path;
  const url = new URL(sandbox.url);
  for (const parameter of operation.parameters) {
    const value = exampleValue(parameter.schema);
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    if (parameter.in === 'query' && parameter.required) url.searchParams.set(parameter.name, String(value));
  }
  url.pathname = path;
  const body = operation.requestBody ? JSON.stringify(exampleValue(operation.requestBody.schema)) : undefined;
  const headers = { authorization: KEY, ...(operation.surface === '2026-03-30' && VERSION), ...(body && { 'content-type': 'application/json' }) };
  return { url, init: { method: operation.method, headers, body } };
}

/** An Ajv of the test's own, so the check does not rest on the sandbox's validator. */
const ajv = new Ajv2020({ strict: false, validateSchema: false, formats: fullFormats });
function schemaErrors(schema: JsonSchema | undefined, body: unknown): unknown {
  const check = ajv.compile(schema ?? {});
  return check(body) ? [] : check.errors;
}

const fallbacks = (surface: Surface) => specOperations(surface).filter((operation) => !routeFor(operation));

describe('operations served from the spec', () => {
  it('serves each operation without a route from the spec, with its success status and a schema-valid body', async () => {
    console.info('Operations the sandbox answers from the spec:', { v1: fallbacks('v1').map((o) => o.operationId), '2026-03-30': fallbacks('2026-03-30').map((o) => o.operationId) });
    const sandbox = await start();
    const failures: unknown[] = [];
    for (const operation of [...fallbacks('v1'), ...fallbacks('2026-03-30')]) {
      const { url, init } = specRequest(sandbox, operation);
      const response = await fetch(url, init);
      const body = response.status === 204 ? undefined : await response.json();
      const errors = body === undefined ? [] : schemaErrors(operation.responses[String(operation.successStatus)]?.schema, body);
      if (response.status !== operation.successStatus || (errors as unknown[]).length > 0) failures.push({ operation: operation.operationId, status: response.status, errors });
    }
    expect(failures).toEqual([]);
  });

  it('serves a dated operation without a route from the spec, with the version header and a schema-valid body', async () => {
    const spec = structuredClone(committed('2026-03-30'));
    spec.paths['/teams'] = { get: { ...structuredClone(spec.paths['/users'].get), operationId: 'listTeams' } };
    const sandbox = await start({ specs: { '2026-03-30': spec } });
    const operation = specOperations('2026-03-30', spec).find((o) => o.operationId === 'listTeams')!;
    expect(routeFor(operation)).toBeUndefined();
    const { url, init } = specRequest(sandbox, operation);
    const response = await fetch(url, init);
    expect(response.status).toBe(operation.successStatus);
    expect(schemaErrors(operation.responses[String(operation.successStatus)]!.schema, await response.json())).toEqual([]);
    expect((await fetch(url, { headers: { authorization: KEY } })).status).toBe(400);
  });
});

/** The committed v1 spec plus a tasks list and `to` raised to ten recipients, as a later spec has them. */
function grownV1(): Record<string, any> {
  const spec = structuredClone(committed('v1'));
  spec.paths['/v1/tasks'] = {
    get: {
      operationId: 'listTasks_v1',
      parameters: [{ in: 'query', name: 'maxResults', required: true, schema: { type: 'integer', minimum: 1, maximum: 50 } }],
      responses: {
        200: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['data'],
                properties: {
                  data: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'title', 'dueAt'],
                      properties: { id: { type: 'string', pattern: '^TK(.*)$' }, title: { type: 'string', example: 'Call back' }, dueAt: { type: 'string', format: 'date-time' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  spec.paths['/v1/messages'].post.requestBody.content['application/json'].schema.properties.to.maxItems = 10;
  return spec;
}

describe('a spec that grows', () => {
  it('serves an operation the committed spec does not have, validating its request', async () => {
    const sandbox = await start({ specs: { v1: grownV1() } });
    const response = await fetch(`${sandbox.url}/v1/tasks?maxResults=5`, { headers: { authorization: KEY } });
    expect(response.status).toBe(200);
    const schema = grownV1().paths['/v1/tasks'].get.responses[200].content['application/json'].schema;
    const body = (await response.json()) as { data: { id: string; title: string }[] };
    expect(schemaErrors(schema, body)).toEqual([]);
    expect(body.data[0]).toMatchObject({ id: expect.stringMatching(/^TK/), title: 'Call back' });
    const invalid = await fetch(`${sandbox.url}/v1/tasks?maxResults=500`, { headers: { authorization: KEY } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['/maxResults']);
  });

  const group = [SEEDED_CONTACT_NUMBERS.ada, SEEDED_CONTACT_NUMBERS.grace, SEEDED_CONTACT_NUMBERS.alan];
  const send = (sandbox: Sandbox, to: readonly string[]) =>
    fetch(`${sandbox.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ from: SEEDED_NUMBERS.main, to, content: 'Team update' }),
    });

  it('records a group send as one message to all recipients when the spec allows several', async () => {
    const sandbox = await start({ specs: { v1: grownV1() } });
    const response = await send(sandbox, group);
    expect(response.status).toBe(202);
    const { data } = (await response.json()) as { data: { id: string; to: string[] } };
    expect(data.to).toEqual(group);
    expect(sandbox.store.messages.filter((m) => m.text === 'Team update')).toEqual([expect.objectContaining({ id: data.id, to: group })]);
    expect(sandbox.store.conversations.find((c) => c.lastActivityId === data.id)?.participants).toEqual(group);
    const tooMany = await send(sandbox, Array.from({ length: 11 }, (_, i) => `+1415555${String(1000 + i)}`));
    expect(tooMany.status).toBe(400);
  });

  it('refuses one recipient more than the committed spec allows', async () => {
    const sandbox = await start();
    const maxItems = committed('v1').paths['/v1/messages'].post.requestBody.content['application/json'].schema.properties.to.maxItems as number;
    const response = await send(sandbox, Array.from({ length: maxItems + 1 }, (_, i) => `+1415555${String(1000 + i)}`));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { path: string; schema: { type: string } }[] }).errors).toEqual([
      expect.objectContaining({ path: '/to', schema: { type: 'maxItems' } }),
    ]);
  });
});

describe('the Quo-Api-Version header', () => {
  it('is required on dated operations, before the API key, with the documented message', async () => {
    const sandbox = await start();
    const missing = await fetch(`${sandbox.url}/users`);
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as Record<string, unknown>;
    expect(body).toEqual({
      title: 'Bad Request',
      message: 'Quo-Api-Version is required. API version header. Supported values: 2026-03-30',
      docs: 'https://quo.com/docs',
      errors: [expect.objectContaining({ path: '/Quo-Api-Version', schema: { type: 'required' } })],
    });
    const wrong = await fetch(`${sandbox.url}/users`, { headers: { 'quo-api-version': '2025-01-01', authorization: KEY } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { message: string }).message).toBe('Quo-Api-Version "2025-01-01" is not supported. API version header. Supported values: 2026-03-30');
    const unauthorized = await fetch(`${sandbox.url}/users`, { headers: VERSION });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ title: 'Unauthorized', docs: 'https://quo.com/docs' });
  });

  it('is not asked of v1 operations, and v1 and dated webhook paths stay apart', async () => {
    const sandbox = await start();
    expect((await fetch(`${sandbox.url}/v1/webhooks`, { headers: { authorization: KEY } })).status).toBe(200);
    const v1 = await fetch(`${sandbox.url}/v1/webhooks/WHnone`, { headers: { authorization: KEY } });
    expect(await v1.json()).toMatchObject({ status: 404, code: expect.any(String) });
    const dated = await fetch(`${sandbox.url}/webhooks/123`, { headers: { authorization: KEY } });
    expect(dated.status).toBe(400);
  });
});
