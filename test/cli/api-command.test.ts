import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../generated/methods.js';
import { surfaces } from '../../generated/operations.js';
import { OpenPhone } from '../../src/core/client.js';
import type { OperationDescriptor } from '../../src/internal/operation-types.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli, runOpenphone as openphone, type Run } from '../helpers/cli.js';
import { startOnTerminal } from '../helpers/terminal.js';

/** `openphone <resource> <method>`: every client method from the generated method table, run as a user runs it. */
// Each test runs commands of its own against servers or data of its own, so they run side by side while each waits on its command.

let sandbox: Sandbox;
let work: string;
beforeAll(async () => {
  await buildCli();
  sandbox = await startSandbox({ rateLimit: false });
  work = await mkdtemp(path.join(os.tmpdir(), 'openphone-api-command-'));
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await sandbox?.close();
  await rm(work, { recursive: true, force: true });
});

const api = () => ['--base-url', sandbox.url, '--api-key', 'api-command-test'];
const client = () => new OpenPhone({ apiKey: 'api-command-test', baseUrl: sandbox.url, rateLimit: false });

const operation = (path: keyof typeof methods): OperationDescriptor => {
  const id = methods[path].operationId;
  return Object.values(surfaces)
    .flatMap((surface) => Object.values(surface.operations as Record<string, OperationDescriptor>))
    .find((candidate) => candidate.operationId === id)!;
};

/** The required body fields of an operation, as the spec declares them. */
const requiredBody = (path: keyof typeof methods) => operation(path).requestBody?.schema.required ?? [];

describe.concurrent('openphone <resource> --help and <method> --help', () => {
  it('lists every method of the resource, and each field of a method with its type, required-ness and limits', async () => {
    const resource = await openphone(['tasks', '--help']);
    expect(resource.code).toBe(0);
    const tasks = Object.keys(methods).filter((name) => name.startsWith('tasks.'));
    expect(tasks.length).toBeGreaterThan(0);
    for (const name of tasks) expect(resource.stdout).toContain(`openphone ${name.split('.').join(' ')}`);

    const help = await openphone(['help', 'tasks', 'create']);
    expect(help.code).toBe(0);
    const body = operation('tasks.create').requestBody!.schema;
    for (const [field, schema] of Object.entries(body.properties ?? {})) {
      const line = help.stdout.split('\n').find((text) => text.trimStart().startsWith(`--${field} `));
      expect(line, field).toBeDefined();
      expect(line!.endsWith(', required'), field).toBe(body.required?.includes(field) ?? false);
      const limit = schema.maxLength ?? schema.minLength;
      if (limit !== undefined) expect(line).toContain(String(limit));
    }
  });

  it("on a terminal, shows a list method's page size with its limits from the spec", async () => {
    const list = operation('users.list');
    const pageSize = list.parameters.find((parameter) => parameter.name === list.pagination!.pageSizeParam)!;
    const { code, lines } = await startOnTerminal(['users', 'list', '--help']).done;
    expect(code).toBe(0);
    expect(lines[0]).toBe('openphone users list [--field value…] [--data JSON|@file.json] [--all] [--table]');
    const line = lines.find((text) => text.trimStart().startsWith(`--${pageSize.name} `))!;
    expect(line).toContain(`${pageSize.schema.minimum}-${pageSize.schema.maximum}`);
  });
});

describe.concurrent('the existing commands', () => {
  it("keep their names and actions, and leave the resource's other methods to the generic command", async () => {
    const kept = await openphone(['contacts', 'get', ...api()]);
    expect(kept.code).toBe(2);
    expect(kept.stderr).toContain('expected one contact id');

    const notes = Object.keys(methods).filter((name) => name.startsWith('contacts.notes.'));
    expect(notes.length).toBeGreaterThan(0);
    const help = await openphone(['contacts', 'notes', '--help']);
    expect(help.code).toBe(0);
    for (const name of notes) expect(help.stdout).toContain(`openphone ${name.split('.').join(' ')}`);
  });
});

describe.concurrent('openphone <resource> <method>', () => {
  it('creates and gets on the dated API, with fields parsed by their schema and --data merged', async () => {
    expect(requiredBody('tasks.create')).toContain('title');
    const data = path.join(work, 'task.json');
    await writeFile(data, JSON.stringify({ description: 'from the file', title: 'overridden by the flag' }));
    const created = await openphone(['tasks', 'create', ...api(), '--title', 'Call back', '--data', `@${data}`]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const task = JSON.parse(created.stdout);
    expect(task).toMatchObject({ title: 'Call back', description: 'from the file' });

    const got = await openphone(['tasks', 'get', task.id, ...api()]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: task.id, title: 'Call back' });
  });

  it('refuses a missing required field with a ValidationError naming the flag: exit 2, nothing sent', async () => {
    const required = requiredBody('tasks.create');
    const description = `no title ${Date.now()}`;
    const run = await openphone(['tasks', 'create', ...api(), '--description', description]);
    expect(run.code).toBe(2);
    for (const field of required) expect(run.stderr).toContain(`--${field}`);
    expect(run.stdout).toBe('');
    await client().tasks.create({ title: 'a task the list shows', description: 'listed' });
    const descriptions: unknown[] = [];
    for await (const task of client().tasks.list()) descriptions.push(task.description);
    expect(descriptions).toContain('listed');
    expect(descriptions).not.toContain(description);
  });

  it('exits 1 when the API answers an error, with the error on stderr and nothing on stdout', async () => {
    const id = operation('tasks.get').parameters.find((parameter) => parameter.in === 'path')!;
    const missing = `${/\^(\w+)/.exec(String(id.schema.pattern))![1]}missing`;
    const run = await openphone(['tasks', 'get', missing, ...api()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^openphone: GET /tasks/\\{taskId\\}: .*${missing}.*\\(404\\)\\n$`));
  });

  it('reaches v1 through `v1 <resource> <method>`, as client.v1 names it', async () => {
    const v1 = await openphone(['v1', 'users', 'list', ...api(), '--all']);
    const dated = await openphone(['users', 'list', ...api(), '--all']);
    expect(v1.code).toBe(0);
    expect(dated.code).toBe(0);
    const ids = (run: Run) => (JSON.parse(run.stdout) as { id: string }[]).map((user) => user.id).sort();
    expect(ids(v1).length).toBeGreaterThan(0);
    expect(ids(v1)).toEqual(ids(dated));
  });

  it('prints the first page of a list, and --all pages through every item', async () => {
    const created = await Promise.all(['first', 'second', 'third'].map(async (title) => (await client().tasks.create({ title })).id));
    const pageSize = operation('tasks.list').pagination!.pageSizeParam;
    const first = await openphone(['tasks', 'list', ...api(), `--${pageSize}`, '1']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toHaveLength(1);
    expect(first.stderr).toContain('--all');

    const all = await openphone(['tasks', 'list', ...api(), `--${pageSize}`, '1', '--all']);
    expect(all.code).toBe(0);
    const ids = (JSON.parse(all.stdout) as { id: string }[]).map((task) => task.id);
    expect(ids).toEqual(expect.arrayContaining(created));
  });

  it('prints a list as a table on a terminal with --table', async () => {
    const terminal = startOnTerminal(['users', 'list', ...api(), '--table']);
    const { code, lines } = await terminal.done;
    expect(code).toBe(0);
    const header = lines.find((line) => line.startsWith('id '));
    expect(header).toMatch(/^id\s+email\s/);
    expect(lines.filter((line) => /^US\S+\s+\S+@/.test(line)).length).toBeGreaterThan(0);
  });
});
