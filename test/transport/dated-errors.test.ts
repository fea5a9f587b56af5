import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, OpenPhone, type OpenPhoneError, UnprocessableEntityError } from '../../src/index.js';
import { readFileSync } from 'node:fs';
import { committedSpec } from '../helpers/shared-specs.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failure(status: number, body: unknown): Promise<OpenPhoneError> {
  server = await startRawServer((_req, res) => reply(res, status, JSON.stringify(body)));
  const c = new OpenPhone({ apiKey: 'dated-errors-key', baseUrl: server.url, rateLimit: false, maxRetries: 0 });
  try {
    c.unwrap(await c.raw.POST('/v1/messages', { body: { from: '+15555550100', to: ['+15555550123'], content: 'x' } }));
  } catch (error) {
    return error as OpenPhoneError;
  }
  throw new Error('expected the call to fail');
}

describe('the dated error envelope {title, message, docs, trace?, errors[]}', () => {
  it('a 400 becomes BadRequestError with errors[].path as field issues', async () => {
    const error = await failure(400, {
      message: 'The input was invalid',
      docs: 'https://quo.com/docs',
      title: 'Bad Request',
      trace: '6897907457496870895',
      errors: [
        { path: '/to/0', message: 'Expected E.164', value: '555', schema: { type: 'string' } },
        { path: '/defaultFields/phoneNumbers/1/value', message: 'Too long', value: 'x', schema: { type: 'string' } },
        { path: '/a~1b', message: 'Odd', schema: { type: 'TemplateLiteral' } },
      ],
    });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, title: 'Bad Request', docs: 'https://quo.com/docs', trace: '6897907457496870895' });
    expect(error.message).toBe('POST /v1/messages: The input was invalid (400, trace 6897907457496870895)');
    expect((error as BadRequestError).issues).toEqual([
      { field: 'to[0]', value: '555', rule: 'string', message: 'Expected E.164' },
      { field: 'defaultFields.phoneNumbers[1].value', value: 'x', rule: 'string', message: 'Too long' },
      { field: 'a/b', value: undefined, rule: 'TemplateLiteral', message: 'Odd' },
    ]);
  });

  it('a 422 becomes UnprocessableEntityError, with its issues', async () => {
    const error = await failure(422, {
      message: 'Message has not failed',
      docs: 'https://quo.com/docs',
      title: 'Unprocessable Entity',
      errors: [{ path: '/messageId', message: 'not failed', value: 'AC1', schema: { type: 'string' } }],
    });
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, title: 'Unprocessable Entity', mayHaveBeenProcessed: false });
    expect((error as UnprocessableEntityError).issues).toEqual([{ field: 'messageId', value: 'AC1', rule: 'string', message: 'not failed' }]);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'UnprocessableEntityError', issues: [{ field: 'messageId' }] });
  });

  it('a 404 without errors[] keeps title, docs and trace', async () => {
    const error = await failure(404, { message: 'Not found', docs: 'https://quo.com/docs', title: 'Not Found', trace: '42' });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ title: 'Not Found', trace: '42', docs: 'https://quo.com/docs' });
  });

  it('parses every error example the dated spec documents into its typed error', async () => {
    const spec = JSON.parse(readFileSync(committedSpec('2026-03-30'), 'utf8')) as { paths: unknown };
    const examples: [number, { message: string; title: string }][] = [];
    for (const item of Object.values(spec.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { example?: unknown }> }> }>>)) {
      for (const operation of Object.values(item)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          const example = response.content?.['application/json']?.example as { message: string; title: string } | undefined;
          if (Number(status) >= 400 && example) examples.push([Number(status), example]);
        }
      }
    }
    expect(examples.length).toBeGreaterThan(18);
    for (const [status, example] of examples) {
      const error = await failure(status, example);
      await server?.close();
      server = undefined;
      expect(error.status).toBe(status);
      expect(error.title).toBe(example.title);
      expect(error.message).toContain(example.message);
      if (status === 422) expect(error).toBeInstanceOf(UnprocessableEntityError);
      if (status === 400) expect((error as BadRequestError).issues.length).toBe(((example as { errors?: unknown[] }).errors ?? []).length);
    }
  });
});
