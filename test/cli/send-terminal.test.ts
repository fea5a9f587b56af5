import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli } from '../helpers/cli.js';
import { startOnTerminal } from '../helpers/terminal.js';

beforeAll(buildCli, BUILD_TIMEOUT_MS);

/** `send` as a person runs it: on a terminal, answering (or not) its confirmation. */

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) throw new Error('timed out waiting for the prompt');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('send on a terminal', () => {
  it('Ctrl-C at the confirmation exits 130, says nothing was sent, and sends nothing', async () => {
    const run = startOnTerminal(['send', '--sandbox', '--from', '+15555550100', '--to', '+15555550123', '--text', 'Table for two at 8?']);
    await until(() => run.screen().includes('[y/N]'));
    run.type('\x03');
    const { code, lines } = await run.done;
    expect(code).toBe(130);
    expect(lines).toContain('openphone: interrupted at the confirmation: nothing was sent');
    expect(lines.join('\n')).not.toMatch(/Sent |ABORT_ERR/);
  }, 60_000);

  it('"(415) 555-0123" as --to points to normalizePhoneNumber, exit 2', async () => {
    const { code, lines } = await startOnTerminal(['send', '--sandbox', '--from', '+15555550100', '--to', '(415) 555-0123', '--text', 'Hi']).done;
    expect(code).toBe(2);
    expect(lines).toContain(
      'openphone: --to: "(415) 555-0123" must be a phone number in E.164 format, like +15555555555 (normalizePhoneNumber from "openphone-sdk/phone" converts numbers as people write them)',
    );
  }, 60_000);
});
