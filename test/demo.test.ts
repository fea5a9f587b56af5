import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers/shared-specs.js';

describe('npm run demo', () => {
  it('runs the quick start, a group message with a task, and the versioned webhook lifecycle against the sandbox when there is no API key', async () => {
    const env = { ...process.env };
    delete env.OPENPHONE_API_KEY;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: projectRoot, env });
    expect(stdout).toContain('Starting a local sandbox');
    expect(stdout).toMatch(/PN\w+ {2}\+15555550100 {2}Main line/);
    expect(stdout).toContain('GSM-7, 1 segment(s); as written: UCS-2, 2');
    expect(stdout).toMatch(/AC\w+: queued, \$0\.01/);
    expect(stdout).toContain('the receiver verified the openphone-signature signature');
    expect(stdout).toMatch(/event message\.received EV\w+/);
    expect(stdout).toContain('<- YES, see you Thursday!');
    expect(stdout).toContain('(6 pages)');
    const group = /AC\w+: one message to \+14155550123, \+14155550124, \+14155550125 in conversation (CN\w+)/.exec(stdout);
    expect(group).not.toBeNull();
    const task = /task (TK\w+): open, revision 1/.exec(stdout)?.[1];
    expect(task).toBeDefined();
    expect(stdout).toContain(`handler: task.created ${task} "Seat the party of three by the window" on ${group![1]}`);
    expect(stdout).toContain(`task ${task}: completed, revision 2`);
    expect(stdout).toMatch(new RegExp(`handler: task\\.completed ${task} by US\\w+`));
    expect(stdout).toMatch(/webhook \d+ -> http:\/\/127\.0\.0\.1:\d+\/webhooks/);
    expect(stdout).toContain("test event message.received verified with the webhook's key");
    expect(stdout).toContain('the receiver verified with [old, new] during the switch');
    expect(stdout.match(/delivery msg_\w+: message\.received, success/g)).toHaveLength(2);
    expect(stdout).toMatch(/retried msg_\w+: scheduled 204, manual 204/);
    expect(stdout).toContain('6 webhook(s) received and verified');
  }, 60_000);
});
