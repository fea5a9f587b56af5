/**
 * Client construction benchmark: the time `new OpenPhone(...)` takes against
 * `new OpenAI(...)` and `new Stripe(...)`, interleaved in one run so that all
 * three see the same machine load. Serverless code builds a client per
 * request, so this is a per-request cost there. The SDK is the built package,
 * as users run it; the first construction in a process (which may build what
 * every client shares) is reported apart. With a baseline, the SDK as it was
 * at that git ref runs beside it.
 *
 *   npx tsx bench/construction.ts [--baseline=REF]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import Stripe from 'stripe';
import { baselineRef, buildEsmPackage, buildEsmPackageAt, importBuilt } from './library-build.js';
import { printSection, section, type Figure, type Section } from './results.js';

/** Goal: at most this many times the cost of building an openai-node client, whose constructor only stores its options. */
export const CONSTRUCTION_GOAL_VS_OPENAI = 2;

const BATCH = 200;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Microseconds per construction, the median over `rounds` batches run in turn with the other SDKs'. */
export async function benchConstruction(rounds = Number(process.env.BENCH_CONSTRUCTION_ROUNDS ?? 200), baseline = baselineRef()): Promise<Section> {
  console.log(`\n## Client construction: one client per call, batches of ${BATCH} interleaved, median µs per client\n`);
  const built = await mkdtemp(path.join(os.tmpdir(), 'openphone-sdk-construction-'));
  try {
    await buildEsmPackage(path.join(built, 'current'));
    const { OpenPhone } = await importBuilt(path.join(built, 'current'));
    const firstStarted = performance.now();
    new OpenPhone({ apiKey: 'bench-construction-key' });
    const first = (performance.now() - firstStarted) * 1000;
    let kept: unknown;
    const clients: Record<string, () => unknown> = {
      'openphone-sdk': () => new OpenPhone({ apiKey: 'bench-construction-key' }),
      openai: () => new OpenAI({ apiKey: 'bench-construction-key' }),
      stripe: () => new Stripe('sk_test_bench_construction_key'),
    };
    if (baseline) {
      await buildEsmPackageAt(baseline, path.join(built, 'baseline'));
      const { OpenPhone: Before } = await importBuilt(path.join(built, 'baseline'));
      clients[`openphone-sdk at ${baseline}`] = () => new Before({ apiKey: 'bench-construction-key' });
    }
    const names = Object.keys(clients);
    const times = new Map(names.map((name) => [name, [] as number[]]));
    for (let round = -Math.round(rounds / 10); round < rounds; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(((i + round) % names.length) + names.length) % names.length]!;
        const build = clients[name]!;
        const started = performance.now();
        for (let n = 0; n < BATCH; n++) kept = build();
        if (round >= 0) times.get(name)!.push(((performance.now() - started) * 1000) / BATCH);
      }
    }
    void kept;
    const medians = new Map(names.map((name) => [name, median(times.get(name)!)]));
    const sdk = medians.get('openphone-sdk')!;
    console.table(names.map((name) => ({ client: name, 'median µs': medians.get(name)!.toFixed(2), 'openphone-sdk / this': (sdk / medians.get(name)!).toFixed(2) })));
    const vsOpenAI = sdk / medians.get('openai')!;
    const vsStripe = sdk / medians.get('stripe')!;
    console.log(`first client in the process: ${first.toFixed(0)} µs (builds what every client shares, once)`);
    console.log(
      `construction: ${vsOpenAI.toFixed(2)}× openai, ${vsStripe.toFixed(2)}× stripe (goal <= ${CONSTRUCTION_GOAL_VS_OPENAI}× openai: ${vsOpenAI <= CONSTRUCTION_GOAL_VS_OPENAI ? 'met' : 'NOT met'})`,
    );
    const perClient = (name: string) => `${medians.get(name)!.toFixed(2)} µs`;
    const figures: Figure[] = [
      {
        figure: '`new OpenPhone(...)` against `new OpenAI(...)`',
        measured: `${perClient('openphone-sdk')} per client against ${perClient('openai')}: ${vsOpenAI.toFixed(2)}× openai`,
        goal: `≤ ${CONSTRUCTION_GOAL_VS_OPENAI}× openai`,
      },
      {
        figure: '`new OpenPhone(...)` against `new Stripe(...)`',
        measured: `${perClient('openphone-sdk')} per client against ${perClient('stripe')}: ${vsStripe.toFixed(2)}× stripe`,
        goal: '(for comparison)',
      },
      { figure: 'The first client in the process (builds what every client shares, once)', measured: `${first.toFixed(0)} µs`, goal: '(tracked)' },
      ...(baseline
        ? [
            {
              figure: `\`new OpenPhone(...)\` at ${baseline}`,
              measured: `${perClient(`openphone-sdk at ${baseline}`)} per client; now ${(sdk / medians.get(`openphone-sdk at ${baseline}`)!).toFixed(2)}× that`,
              goal: '(for comparison)',
            },
          ]
        : []),
    ];
    return section('construction', `Client construction (\`bench/construction.ts\`): batches of ${BATCH} clients, ${rounds} interleaved rounds, median, built as users run them`, figures);
  } finally {
    await rm(built, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printSection(await benchConstruction());
