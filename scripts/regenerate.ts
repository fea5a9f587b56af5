/**
 * The regenerate job, apart from what is GitHub's: compare every surface's
 * published spec with the committed one; on drift, regenerate and run the
 * checks CI runs on the regenerated tree; write the pull request body (the
 * drift report and each check's outcome) whatever happens.
 *
 *   npm run regenerate -- --body-file pr-body.md
 *
 * With GITHUB_OUTPUT set, records `changed` (true/false) and `checks`
 * (passed/failed/skipped) there. Exit codes: 0 done (see `checks`), 2 a spec
 * could not be used.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXIT_BAD_INPUT, EXIT_DRIFT, generate } from './generate.js';
import { runCommand } from './run-command.js';
import { runIfMain } from './run-if-main.js';

export interface Check {
  readonly name: string;
  readonly command: readonly [string, ...string[]];
}

/** What `.ci/run` checks after the test command, in its order. */
export const CI_CHECKS: readonly Check[] = [
  { name: 'typecheck', command: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'test', command: ['npm', 'test'] },
  { name: 'build', command: ['npm', 'run', '-s', 'build'] },
  { name: 'lint:package', command: ['npm', 'run', '-s', 'lint:package'] },
];

/** Lines of a failing check's output kept in the pull request body. */
const LOG_TAIL_LINES = 60;

export interface RegenerateOptions {
  projectRoot: string;
  env: NodeJS.ProcessEnv;
  bodyFile: string;
  checks?: readonly Check[];
  log: (line: string) => void;
}

export interface RegenerateResult {
  code: number;
  changed: boolean;
  checks: 'passed' | 'failed' | 'skipped';
}

interface CheckOutcome {
  check: Check;
  exitCode: number;
  output: string;
}

async function runCheck(check: Check, cwd: string, env: NodeJS.ProcessEnv): Promise<CheckOutcome> {
  const { code, output } = await runCommand(check.command, cwd, env);
  return { check, exitCode: code, output };
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
}

function formatChecks(outcomes: readonly CheckOutcome[]): string {
  const failed = outcomes.filter((o) => o.exitCode !== 0);
  const lines = [
    '## Checks on the regenerated tree',
    '',
    '| Check | Command | Outcome |',
    '| --- | --- | --- |',
    ...outcomes.map((o) => `| ${o.check.name} | \`${o.check.command.join(' ')}\` | ${o.exitCode === 0 ? 'passed' : `**failed** (exit ${o.exitCode})`} |`),
    '',
    failed.length
      ? 'The regenerated tree does not pass CI: the spec changed something the package relies on (a removed operation, or an incompatible change to one a resource method wraps). Fix the package on this branch before merging.'
      : 'The regenerated tree passes every check: the spec only grew.',
  ];
  for (const outcome of failed) {
    lines.push('', `<details><summary>${outcome.check.name}: last ${LOG_TAIL_LINES} lines</summary>`, '', '```', tail(outcome.output), '```', '', '</details>');
  }
  return lines.join('\n');
}

export async function regenerate(options: RegenerateOptions): Promise<RegenerateResult> {
  const { projectRoot, env, log } = options;
  const reportLines: string[] = [];
  const warnings: string[] = [];
  const quiet = { projectRoot, env, log: (line: string) => reportLines.push(line), warn: (line: string) => warnings.push(line) };

  const checked = await generate({ ...quiet, check: true });
  const report = reportLines.join('\n');
  const finish = async (body: string, result: RegenerateResult) => {
    await writeFile(options.bodyFile, `${body.trimEnd()}\n`);
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `changed=${result.changed}\nchecks=${result.checks}\n`);
    log(`changed=${result.changed} checks=${result.checks}`);
    return result;
  };

  if (checked === EXIT_BAD_INPUT) {
    return finish(`${report}\n\n## The published spec could not be used\n\n\`\`\`\n${warnings.join('\n')}\n\`\`\``, { code: EXIT_BAD_INPUT, changed: false, checks: 'skipped' });
  }
  if (checked !== EXIT_DRIFT) return finish(report, { code: 0, changed: false, checks: 'skipped' });

  const written = await generate({ ...quiet, check: false });
  if (written !== 0) {
    return finish(`${report}\n\n## Regenerating failed\n\n\`\`\`\n${warnings.join('\n')}\n\`\`\``, { code: written, changed: false, checks: 'skipped' });
  }
  const outcomes: CheckOutcome[] = [];
  for (const check of options.checks ?? CI_CHECKS) {
    log(`running ${check.name}: ${check.command.join(' ')}`);
    outcomes.push(await runCheck(check, projectRoot, env));
  }
  const passed = outcomes.every((o) => o.exitCode === 0);
  return finish(`${report}\n\n${formatChecks(outcomes)}`, { code: 0, changed: true, checks: passed ? 'passed' : 'failed' });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'body-file': { type: 'string', default: 'pr-body.md' } }, strict: true });
  const result = await regenerate({
    projectRoot: fileURLToPath(new URL('..', import.meta.url)),
    env: process.env,
    bodyFile: path.resolve(values['body-file']),
    log: (line) => console.log(line),
  });
  return result.code;
}

runIfMain(import.meta.url, main, EXIT_BAD_INPUT);
