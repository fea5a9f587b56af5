/**
 * Proves that a spec which only grows regenerates into a green tree: in a
 * temporary copy of the project, builds grown specs of both surfaces from the
 * committed ones (v1: new operations, a new resource, a looser limit, new
 * response fields, the new server; dated: a new resource with an action, a
 * sub-collection under a handwritten resource, a looser page size, a new
 * response field, a new enum value), checks the drift reports name each
 * change, regenerates, checks every new operation got a derived method in
 * `api.md`, and runs the checks CI runs; then removes an operation the facade
 * wraps and checks that typecheck fails naming it. Prints how long each step took. The suite run in
 * the copy includes the tests that there send a group message to 3 and to the
 * grown `maxItems`, refuse one more, and list tasks through the typed
 * `client.raw` from the sandbox; the step checks they ran and passed.
 *
 *   npm run check:growth            # exit 0 green, 1 a step failed
 *   npm run check:growth -- --keep  # leave the copy behind for inspection
 */
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import {
  ADDED_DATED_OPERATIONS,
  ADDED_OPERATIONS,
  GROWN_MAX_RECIPIENTS,
  GROWN_EVENT_TYPE,
  GROWN_SERVER,
  GROWN_USERS_PAGE_SIZE,
  REMOVED_OPERATION,
  growDatedSpec,
  growSpec,
  shrinkSpec,
} from '../test/fixtures/grown-spec.js';
import { operations as datedOperations } from '../generated/2026-03-30.operations.js';
import { withoutTrailingSlashes } from '../src/internal/trailing-slashes.js';
import { runCommand } from './run-command.js';
import { runIfMain } from './run-if-main.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Left out of the copy: installed or built, not sources. node_modules is linked instead. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.cache', '.turbo', 'coverage']);

/** Tests whose grown-spec behaviour is the point of the proof, by the title each has when the committed spec is grown. */
const GROWN_TESTS = [
  'test/growth.test.ts > a new operation through client.raw and the sandbox > is answered from the grown spec, with a body its schema accepts',
  'test/growth.test.ts > a new operation through client.raw and the sandbox > is typed by client.raw, now that the effective spec has it',
  'test/growth.test.ts > the recipient limit follows the spec (a group send once `to.maxItems` grows) > sends to 3 as one group message through the sandbox',
  'test/growth.test.ts > the recipient limit follows the spec (a group send once `to.maxItems` grows) > to the API > sends to as many recipients as the spec allows, in one request',
  'test/growth.test.ts > the recipient limit follows the spec (a group send once `to.maxItems` grows) > to the API > refuses one more, before any request',
];

interface Step {
  readonly name: string;
  readonly command: readonly [string, ...string[]];
  /** Text the step's output must contain, beyond exiting 0. */
  readonly expect?: readonly string[];
  /** Titles of tests that must pass: each on a line of the output marked ✓ (vitest puts its project's name between the two). */
  readonly passing?: readonly string[];
  /** The exit code that means success (the drift check exits 1 when it finds drift); `nonzero` for a step that must fail. */
  readonly exitCode?: number | 'nonzero';
  /** Instead of a command: a check of the copy, returning what is wrong. */
  readonly inspect?: (copy: string) => Promise<string[]>;
}

/** Every added operation of both surfaces must be a derived method in the copy's `api.md`. */
async function derivedInReference(copy: string): Promise<string[]> {
  const reference = await readFile(path.join(copy, 'api.md'), 'utf8');
  return [...ADDED_OPERATIONS, ...ADDED_DATED_OPERATIONS]
    .filter((id) => !reference.split('\n').some((line) => line.includes(`| \`${id}\` |`) && line.endsWith('| derived |')))
    .map((id) => `${id} has no derived method in api.md`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } }, strict: true });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-growth-'));
  const copy = path.join(scratch, 'project');
  const grown = path.join(scratch, 'grown-v1.json');
  const shrunk = path.join(scratch, 'shrunk-v1.json');
  const grownDated = path.join(scratch, 'grown-2026-03-30.json');
  try {
    await cp(projectRoot, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(path.basename(source)) || path.dirname(source) !== withoutTrailingSlashes(projectRoot) });
    await symlink(path.join(projectRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const committed = JSON.parse(await readFile(path.join(projectRoot, 'openapi/v1.json'), 'utf8'));
    await writeFile(grown, JSON.stringify(growSpec(committed), null, 2));
    await writeFile(shrunk, JSON.stringify(shrinkSpec(growSpec(committed)), null, 2));
    const committedDated = JSON.parse(await readFile(path.join(projectRoot, 'openapi/2026-03-30.json'), 'utf8'));
    await writeFile(grownDated, JSON.stringify(growDatedSpec(committedDated), null, 2));

    // The drift report compares pulled specs, so the limit before is the pulled spec's (the overlay may raise it).
    const maxItemsBefore = committed.paths['/v1/messages'].post.requestBody.content['application/json'].schema.properties.to.maxItems;
    const steps: Step[] = [
      {
        name: 'drift report',
        command: ['npm', 'run', '-s', 'generate', '--', '--check', '--surface', 'v1', '--spec', grown],
        exitCode: 1,
        expect: [...ADDED_OPERATIONS.map((id) => `\`${id}\``), `sendMessage_v1 body.to: maxItems ${maxItemsBefore} -> ${GROWN_MAX_RECIPIENTS}`, `-> \`${GROWN_SERVER}\``, '`data.conversationId`'],
      },
      {
        name: 'drift report (dated)',
        command: ['npm', 'run', '-s', 'generate', '--', '--check', '--surface', '2026-03-30', '--spec', grownDated],
        exitCode: 1,
        expect: [
          ...ADDED_DATED_OPERATIONS.map((id) => `\`${id}\``),
          `listUsers query.limit: maximum ${datedOperations.listUsers.pagination.maxPageSize} -> ${GROWN_USERS_PAGE_SIZE}`,
          '`data[].timezone`',
          `"${GROWN_EVENT_TYPE}"]`,
        ],
      },
      { name: 'generate', command: ['npm', 'run', '-s', 'generate', '--', '--surface', 'v1', '--spec', grown] },
      { name: 'generate (dated)', command: ['npm', 'run', '-s', 'generate', '--', '--surface', '2026-03-30', '--spec', grownDated] },
      { name: 'derived methods', command: ['true'], inspect: derivedInReference },
      { name: 'generate --check --offline', command: ['npm', 'run', '-s', 'generate', '--', '--check', '--offline'] },
      { name: 'typecheck', command: ['npm', 'run', '-s', 'typecheck'] },
      { name: 'build', command: ['npm', 'run', '-s', 'build'] },
      { name: 'test', command: ['npm', 'test', '--', '--reporter=verbose'], passing: GROWN_TESTS },
      { name: 'lint:package', command: ['npm', 'run', '-s', 'lint:package'] },
      // And the other half: removing an operation the facade wraps must fail typecheck, naming it.
      { name: 'generate (shrunk)', command: ['npm', 'run', '-s', 'generate', '--', '--surface', 'v1', '--spec', shrunk] },
      { name: 'typecheck fails (shrunk)', command: ['npm', 'run', '-s', 'typecheck'], exitCode: 'nonzero', expect: [REMOVED_OPERATION] },
    ];
    const timings: string[] = [];
    for (const step of steps) {
      console.log(`check:growth: ${step.name} ...`);
      const run = await runCommand(step.command, copy, { ...process.env, FORCE_COLOR: '0' });
      const { code, ms } = run;
      // vitest colours its report even with FORCE_COLOR=0.
      const output = stripVTControlCharacters(run.output);
      const passed = output.split('\n').filter((line) => line.trimStart().startsWith('✓'));
      const missing = [
        ...(step.expect ?? []).filter((text) => !output.includes(text)),
        ...(step.passing ?? []).filter((title) => !passed.some((line) => line.includes(` ${title} `))).map((title) => `✓ ${title}`),
        ...((await step.inspect?.(copy)) ?? []),
      ];
      timings.push(`  ${step.name.padEnd(28)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
      const expected = step.exitCode ?? 0;
      if ((expected === 'nonzero' ? code === 0 : code !== expected) || missing.length) {
        const lines = output.trimEnd().split('\n');
        // vitest's failing tests and tsc's errors, wherever they are in a long log, then its end.
        const failures = lines.filter((line) => /\bFAIL\b|×|error TS\d+/.test(line));
        console.error([...new Set(failures)].slice(0, 60).join('\n'));
        console.error(lines.slice(-60).join('\n'));
        console.error(`check:growth: ${step.name} failed (exit ${code}${missing.length ? `; output lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}` : ''})`);
        console.log(timings.join('\n'));
        return 1;
      }
      if (step.name.startsWith('drift report')) console.log(output.trimEnd());
      if (step.name === 'test') console.log(GROWN_TESTS.map((title) => `check:growth: passed in the copy: ${title}`).join('\n'));
    }
    console.log(`check:growth: a spec that only grows regenerates green; removing ${REMOVED_OPERATION} fails typecheck naming it\n${timings.join('\n')}`);
    return 0;
  } finally {
    if (values.keep) console.log(`check:growth: the copy is in ${copy}`);
    else await rm(scratch, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main, 2);
