/**
 * The sandbox cannot be exhausted by writes: what the workspace stores is
 * bounded, across every key, so a loop of large creates from rotating keys
 * gets 507s instead of crashing a sandbox with a small heap.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledSandboxMain } from './helpers.js';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-sandbox-exhaustion-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A sandbox in a child process with a 128 MB heap, the rate limit on; its URL and a way to ask whether it is alive. */
async function smallSandbox() {
  const child = spawn(process.execPath, ['--max-old-space-size=128', await bundledSandboxMain(scratch)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const found = /listening (\S+)/.exec(String(chunk));
      if (found) resolve(found[1]!);
    });
    child.once('exit', () => reject(new Error(`the sandbox exited before listening: ${stderr}`)));
  });
  return { url, child, stderr: () => stderr };
}

describe('a loop of large creates', () => {
  it('from a new key each time, is answered 507 past the storage bound and leaves the sandbox up and answering', async () => {
    const { url, child, stderr } = await smallSandbox();
    try {
      const firstName = 'x'.repeat(900 * 1024);
      const statuses: number[] = [];
      const created: string[] = [];
      // 150 x 900 KB is more than the child's whole heap.
      for (let i = 0; i < 150; i++) {
        const response = await fetch(`${url}/v1/contacts`, {
          method: 'POST',
          headers: { authorization: `rotating-key-${i}`, 'content-type': 'application/json' },
          body: JSON.stringify({ defaultFields: { firstName } }),
        });
        const body = (await response.json()) as { data?: { id: string }; title?: string };
        statuses.push(response.status);
        if (body.data) created.push(body.data.id);
      }
      expect(new Set(statuses)).toEqual(new Set([201, 507]));
      expect(statuses.indexOf(507)).toBe(created.length);
      expect(statuses.slice(created.length).every((status) => status === 507)).toBe(true);

      const key = { authorization: 'after-the-loop' };
      expect((await fetch(`${url}/v1/phone-numbers`, { headers: key })).status).toBe(200);
      // Deleting makes room again.
      expect((await fetch(`${url}/v1/contacts/${created[0]}`, { method: 'DELETE', headers: key })).status).toBe(204);
      const again = await fetch(`${url}/v1/contacts`, { method: 'POST', headers: { ...key, 'content-type': 'application/json' }, body: JSON.stringify({ defaultFields: { firstName } }) });
      expect(again.status).toBe(201);
      expect(child.exitCode, stderr()).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 120_000);
});
