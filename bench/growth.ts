/**
 * How the time of each public function on input grows with the input's size,
 * on adversarial inputs: the fitted exponent k in time ~ n^k, which should be
 * near 1 everywhere (2 would be quadratic). The test suite asserts k < 1.3 on
 * the same cases at smaller sizes (test/time-growth.test.ts).
 *
 *   npx tsx bench/growth.ts [--from 1000] [--to 1000000] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { OpenPhone } from '../src/core/client.js';
import { estimateCost } from '../src/lib/sms/cost.js';
import { ValidationError } from '../src/core/errors.js';
import { assertE164, isE164 } from '../src/lib/phone/e164.js';
import { normalizePhoneNumber } from '../src/lib/phone/normalize.js';
import { estimateSegments } from '../src/lib/sms/segments.js';
import { verifyWebhook } from '../src/webhooks/verify.js';
import { signWebhook } from '../src/webhooks/sign.js';
import { logSizes, measureGrowth, type GrowthCase } from './growth-fit.js';
import { printSection, section, type Section } from './results.js';

/** `unit` repeated to about `n` UTF-16 units. */
const repeated = (unit: string, n: number) => unit.repeat(Math.max(1, Math.round(n / unit.length)));

const SEGMENT_SHAPES: Record<string, string> = {
  'GSM-7 letters': 'a',
  'GSM-7 extension characters': '{',
  CJK: '中',
  emoji: '😀',
  'ZWJ families': '👨‍👩‍👧‍👦',
  'combining marks': 'e\u0301',
  flags: '🇺🇸',
  'lone surrogates': '\uD800',
  'CR LF in UCS-2': 'ж\r\n',
  'curly quotes (smart encoding)': '’',
};

function swallow(error: unknown): void {
  if (!(error instanceof Error && error.name.endsWith('Error'))) throw error;
}

/** The call, with the typed error it may throw caught: the time to refuse counts as much as the time to accept. */
function refusedOrReturned(call: () => unknown): () => void {
  return () => {
    try {
      call();
    } catch (error) {
      swallow(error);
    }
  };
}

const NOW = Date.parse('2026-03-02T09:15:30.000Z');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export const GROWTH_CASES: readonly GrowthCase[] = [
  ...Object.entries(SEGMENT_SHAPES).map(([shape, unit]) => ({
    name: `estimateSegments: ${shape}`,
    prepare: (n: number) => {
      const text = repeated(unit, n);
      return () => estimateSegments(text);
    },
  })),
  {
    name: 'estimateSegments: one character with n combining marks',
    prepare: (n) => {
      const text = `ж${'\u0301'.repeat(n)}`;
      return () => estimateSegments(text);
    },
  },
  {
    name: 'estimateCost: n recipients',
    prepare: (n) => {
      const to = Array.from({ length: Math.round(n / 10) }, (_, i) => `+4420794${String(i).padStart(5, '0')}`);
      return () => estimateCost('Hello', { to, rates: { GB: 0.04 } });
    },
  },
  {
    name: 'isE164: n digits',
    prepare: (n) => {
      const text = `+1${'5'.repeat(n)}`;
      return () => isE164(text);
    },
  },
  {
    name: 'assertE164: n characters that are not digits',
    prepare: (n) => {
      const text = `+1${' '.repeat(n)}`;
      return refusedOrReturned(() => assertE164(text));
    },
  },
  {
    name: 'normalizePhoneNumber: n characters of punctuation',
    prepare: (n) => {
      const text = `+1 ${'-'.repeat(n)}555 555 0123`;
      return refusedOrReturned(() => normalizePhoneNumber(text));
    },
  },
  {
    name: 'messages.send validation: n spaces of content',
    prepare: (n) => {
      const client = new OpenPhone({ apiKey: 'growth-key', rateLimit: false, fetch: async () => Response.json({}, { status: 500 }) });
      const content = ' '.repeat(n);
      return async () => {
        const error = await client.messages.send({ from: '+15555550100', to: '+15555550123', content }).catch((e: unknown) => e);
        if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
      };
    },
  },
  {
    name: 'verifyWebhook: n-byte body',
    prepare: (n) => {
      const body = JSON.stringify({ id: 'EV1', type: 'message.received', data: { object: { text: 'x'.repeat(n) } } });
      const signing = signWebhook(body, SECRET, 'standard-webhooks', { timestamp: NOW });
      return async () => {
        const { headers } = await signing;
        await verifyWebhook(body, headers, SECRET, { now: NOW });
      };
    },
  },
  {
    name: 'verifyWebhook: openphone-signature header of n bytes of entries',
    prepare: (n) => {
      const entry = `hmac;1;${NOW};${'A'.repeat(43)}=`;
      const header = Array.from({ length: Math.max(1, Math.round(n / (entry.length + 1))) }, () => entry).join(',');
      return () => verifyWebhook('{}', { 'openphone-signature': header }, SECRET, { now: NOW }).catch(swallow);
    },
  },
  {
    name: 'verifyWebhook: webhook-signature header of n bytes of signatures',
    prepare: (n) => {
      const signature = `v1,${'A'.repeat(43)}=`;
      const header = Array.from({ length: Math.max(1, Math.round(n / (signature.length + 1))) }, () => signature).join(' ');
      const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW / 1000), 'webhook-signature': header };
      return () => verifyWebhook('{}', headers, SECRET, { now: NOW }).catch(swallow);
    },
  },
  {
    name: 'verifyWebhook: n-character secret that is not base64',
    prepare: (n) => {
      const secret = `${'A'.repeat(n)}!`;
      return () => verifyWebhook('{}', { 'openphone-signature': `hmac;1;${NOW};x` }, secret, { now: NOW }).catch(swallow);
    },
  },
];

/** The exponent the test suite holds every case under, over 1 000 to 100 000. */
const EXPONENT_GOAL = 1.3;

export async function benchGrowth(from: number, to: number, rounds: number): Promise<Section> {
  const sizes = logSizes(from, to, 1);
  const rows = [];
  const exponents: { name: string; exponent: number }[] = [];
  for (const growthCase of GROWTH_CASES) {
    const growth = await measureGrowth(growthCase, sizes, rounds);
    exponents.push(growth);
    rows.push({
      function: growth.name,
      ...Object.fromEntries(growth.measurements.map((m) => [`${m.n.toExponential(0)} ms`, m.ms.toFixed(3)])),
      exponent: growth.exponent.toFixed(2),
    });
  }
  console.log(`\n## Growth on adversarial input, ${from} to ${to} characters or entries, fastest of ${rounds} rounds (goal: exponent < ${EXPONENT_GOAL})\n`);
  console.table(rows);
  exponents.sort((a, b) => a.exponent - b.exponent);
  const [least, most] = [exponents[0]!, exponents.at(-1)!];
  return section('growth', `Growth on adversarial input (\`bench/growth.ts\`): ${GROWTH_CASES.length} cases, ${from.toLocaleString('en-US')} to ${to.toLocaleString('en-US')} characters or entries`, [
    {
      figure: 'Exponent k in time ~ nᵏ (1 is linear), least and greatest',
      measured: `${least.exponent.toFixed(2)} (${least.name}) to ${most.exponent.toFixed(2)} (${most.name})`,
      goal: `< ${EXPONENT_GOAL} for every case`,
    },
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { from: { type: 'string', default: '1000' }, to: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '5' } },
    strict: true,
  });
  printSection(await benchGrowth(Number(values.from), Number(values.to), Number(values.rounds)));
}
