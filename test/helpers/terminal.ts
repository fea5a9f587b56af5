import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { openphoneCommand } from './cli.js';
import { projectRoot } from './shared-specs.js';

/** A word for `sh -c`, quoted as it is. */
const shellWord = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `openphone …args` (see `buildCli`) on a pseudo-terminal (util-linux `script`) of
 * `columns` columns, as a person would: `screen()` is what the terminal received, stdout and stderr together
 * as the user sees them, and `type` sends keys (Ctrl-C is `\x03`).
 */
export function startOnTerminal(args: string[], columns = 150) {
  const openphone = openphoneCommand(args);
  const cli = [openphone.command, ...openphone.args].map(shellWord).join(' ');
  const command = `stty cols ${columns} rows 40 && exec ${cli}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: projectRoot, env: { PATH: process.env.PATH, NO_COLOR: '1', TERM: 'xterm' } });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => (screen += chunk));
  const done = once(child, 'close').then(([code]) => {
    child.stdin.end();
    return { code: code as number | null, lines: screen.split('\n').map((line) => line.replace(/\r$/, '')) };
  });
  return { type: (keys: string) => child.stdin.write(keys), screen: () => screen, done };
}
