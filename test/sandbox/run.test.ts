import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorRate, latency, connectionResets, runSandbox, sandboxOptionsFromArgs } from '../../src/sandbox/index.js';
import { bundledSandboxMain } from './helpers.js';

describe('sandboxOptionsFromArgs', () => {
  it('reads every option', () => {
    expect(
      sandboxOptionsFromArgs([
        '--port',
        '4010',
        '--seed',
        '7',
        '--rate-limit',
        '5/2000',
        '--webhook-scheme',
        'standard-webhooks',
        '--deliver-sent-messages',
        '250',
        '--webhook-timeout',
        '3000',
        '--webhook-retry-delays',
        '100,500',
        '--error-rate',
        '0.2',
        '--latency',
        '100',
        '--reset-rate',
        '0.05',
        '--fixed-clock',
        '--max-stored-bytes',
        '1000000',
      ]),
    ).toEqual({
      port: 4010,
      seed: 7,
      rateLimit: { limit: 5, interval: 2000 },
      webhookScheme: 'standard-webhooks',
      deliverSentMessages: 250,
      webhookTimeout: 3000,
      webhookRetryDelays: [100, 500],
      clock: 'fixed',
      maxStoredBytes: 1_000_000,
      faults: [...connectionResets(0.05), ...errorRate(0.2), ...latency(100)],
    });
  });

  it('gives no options for no arguments, and turns the rate limit off with --no-rate-limit', () => {
    expect(sandboxOptionsFromArgs([])).toEqual({});
    expect(sandboxOptionsFromArgs(['--no-rate-limit'])).toEqual({ rateLimit: false });
    expect(sandboxOptionsFromArgs(['--rate-limit', '20'])).toEqual({ rateLimit: { limit: 20, interval: 1000 } });
    expect(sandboxOptionsFromArgs(['--webhook-retry-delays', ''])).toEqual({ webhookRetryDelays: [] });
  });

  it.each([[['--port', 'eighty']], [['--error-rate', '2']], [['--webhook-scheme', 'hmac']], [['--rate-limit', '0/1000']], [['--webhook-retry-delays', '100,soon']], [['--max-stored-bytes', 'lots']]])(
    'refuses %j with a RangeError',
    (args) => {
      expect(() => sandboxOptionsFromArgs(args)).toThrow(RangeError);
    },
  );

  it('refuses an unknown option', () => {
    expect(() => sandboxOptionsFromArgs(['--verbose'])).toThrow(TypeError);
  });
});

describe('runSandbox', () => {
  it('prints the URL, serves, and stops listening for signals once stopped', async () => {
    const lines: string[] = [];
    const listeners = process.listenerCount('SIGTERM');
    const running = await runSandbox({ rateLimit: false, output: (line) => lines.push(line) });
    expect(lines).toEqual([`listening ${running.sandbox.url}`]);
    expect(process.listenerCount('SIGTERM')).toBe(listeners + 1);
    expect((await fetch(`${running.sandbox.url}/v1/phone-numbers`, { headers: { authorization: 'run-key' } })).status).toBe(200);
    await running.stop();
    await running.closed;
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
    await expect(fetch(`${running.sandbox.url}/v1/phone-numbers`)).rejects.toThrow();
  });

  describe('in its own process', () => {
    let scratch: string;
    let main: string;
    beforeAll(async () => {
      scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-sandbox-run-'));
      main = await bundledSandboxMain(scratch);
    });
    afterAll(() => rm(scratch, { recursive: true, force: true }));

    it.each(['SIGINT', 'SIGTERM'] as const)('runs as a process that closes and exits 0 on %s', async (signal) => {
      const child = spawn(process.execPath, [main], {
        env: { ...process.env, SANDBOX_OPTIONS: JSON.stringify({ seed: 3 }) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(line).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.slice('listening '.length);
      expect((await fetch(`${url}/v1/phone-numbers`, { headers: { authorization: 'run-key' } })).status).toBe(200);
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    });
  });
});
