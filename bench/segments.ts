/**
 * Compares `estimateSegments` with the npm package `sms-segments-calculator`
 * (Twilio's segment calculator) on a mixed corpus of messages.
 *
 *   npx tsx bench/segments.ts [--rounds 7]
 *
 * First checks that both give the same encoding, segment count, units, room
 * left in the last segment and non-GSM characters for every corpus string
 * where both define a result, with smart encoding on and off; exits 1 on any
 * disagreement. Strings are left out of the comparison, and counted, only where
 * the calculator has no meaningful answer or where its older Unicode tables
 * split the text into different characters. Then times both in interleaved
 * rounds and prints the medians and the ratio.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SegmentedMessage } from 'sms-segments-calculator';
import { estimateSegments, type SegmentEstimate } from '../src/lib/sms/segments.js';
import { applySmartEncoding } from '../src/lib/sms/smart-encoding.js';
import { printSection, section, type Section } from './results.js';

const require = createRequire(import.meta.url);
/** The calculator's own GSM table, so that its non-GSM characters are judged by its own rules. */
const calculatorGsm = (require('sms-segments-calculator/dist/libs/UnicodeToGSM.js') as { default: Record<number, number[]> }).default;

/** A segment holds 140 octets; the calculator puts a character longer than that in one segment anyway. */
const SEGMENT_BITS = 1120;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same corpus. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MESSAGES = [
  'Your verification code is 482913. It expires in 10 minutes.',
  'Hi Sam, this is a reminder of your appointment tomorrow at 3:30pm with Dr. Patel. Reply C to confirm or R to reschedule.',
  'Thanks for your order #10482! Your package ships today and should arrive by Friday. Track it here: https://example.com/t/10482',
  'Don’t forget: our “Spring Sale” ends tonight — 20% off everything… see you there!',
  'Grüße aus München! Ihre Bestellung über 49,90 € ist unterwegs. Bei Fragen: 089 1234567.',
  '¿Dónde está la reunión? Mañana a las 10h en la sala Ñandú, ¡no llegues tarde!',
  'Ça va? Rendez-vous à 14h près de la gare, côté quai n°3.',
  'Привет! Ваш заказ готов к выдаче. Код получения: 5521.',
  '您的验证码是 482913，10分钟内有效。请勿向任何人透露。',
  'مرحبا! موعدك غدا الساعة الثالثة مساء. للتأكيد أرسل 1.',
  'नमस्ते! आपका ऑर्डर भेज दिया गया है। धन्यवाद।',
  'Party tonight 🎉🎉 bring snacks 🍕 and your best dance moves 💃🏽! See you 👋',
  'Family dinner at 7 👨‍👩‍👧‍👦 — don’t be late ❤️ 🇺🇸🇬🇧',
  'Price list: {basic} [$10] | {pro} [$25] ~ ask about ^premium^ \\ annual € plans',
  'Line one\r\nLine two\r\nLine three\nLine four',
  'Café crème, naïve façade, jalapeño, smörgåsbord, Ærøskøbing, Øresund, Åland.',
  'ΑΒΓΔ ΘΛΞΠ ΣΦΨΩ — Γεια σας! Δοκιμή μηνύματος.',
  'Tab\tseparated\tvalues and non\u00a0breaking\u2009spaces\u200b here.',
];

/** Pieces mixed into generated messages: ASCII, GSM extension characters, look-alikes, accents, emoji. */
const PIECES = [
  ...'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,!?-:;\'"()@#%&*+/<=>\n',
  ...'{}[]~^|\\€',
  ...'éèùìòÇØøÅåÄÖÑÜäöñüàß£¥§¿¡ΔΦΓΛΩΠΨΣΘΞ',
  ...'‘’“”–—…•«»',
  ...'çáíóúâêôãõ',
  'ж',
  '中',
  'ש',
  '\u00a0',
  '\t',
  '\r\n',
  '😀',
  '👍🏽',
  '👨‍👩‍👧',
  '❤️',
  '🇫🇷',
  'e\u0301',
  '🎉',
];

function buildCorpus(): string[] {
  const next = random(20240611);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const corpus: string[] = [...MESSAGES];
  // Repeat and cut real messages to lengths around every segment boundary.
  const boundaries = [70, 134, 160, 201, 268, 306, 335, 459, 612];
  for (const message of MESSAGES) {
    for (const boundary of boundaries) {
      for (const delta of [-2, -1, 0, 1, 2]) {
        const length = boundary + delta;
        corpus.push(message.repeat(Math.ceil(length / message.length) + 1).slice(0, length));
      }
    }
  }
  // Random mixes, mostly GSM with occasional other characters, of every length up to about 5 segments.
  for (let i = 0; i < 1500; i++) {
    const length = 1 + Math.floor(next() * 700);
    const exotic = next() < 0.5 ? 0 : next() * 0.1;
    let text = '';
    while (text.length < length) {
      text += next() < exotic ? pick(PIECES.slice(-25)) : pick(PIECES.slice(0, -25));
    }
    corpus.push(text);
  }
  return corpus;
}

interface Comparable {
  readonly encoding: string;
  readonly segments: number;
  readonly units: number;
  readonly remainingInLastSegment: number;
  readonly nonGsmCodePoints: string;
}

function ours(estimate: SegmentEstimate): Comparable {
  return {
    encoding: estimate.encoding,
    segments: estimate.segments,
    units: estimate.units,
    remainingInLastSegment: estimate.remainingInLastSegment,
    nonGsmCodePoints: codePointList(estimate.ucs2Characters.map((found) => found.character).join('')),
  };
}

function theirs(message: SegmentedMessage): Comparable {
  const bitsPerUnit = message.encodingName === 'GSM-7' ? 7 : 16;
  const last = message.segments[message.segments.length - 1]!;
  const nonGsm = [...message.getNonGsmCharacters().join('')].filter((character) => {
    return character.length > 1 || calculatorGsm[character.charCodeAt(0)] === undefined;
  });
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    units: message.messageSize / bitsPerUnit,
    remainingInLastSegment: Math.floor(last.freeSizeInBits() / bitsPerUnit),
    nonGsmCodePoints: codePointList(nonGsm.join('')),
  };
}

function codePointList(text: string): string {
  const codePoints = new Set<number>();
  for (const character of text) codePoints.add(character.codePointAt(0)!);
  return [...codePoints]
    .sort((a, b) => a - b)
    .map((codePoint) => codePoint.toString(16))
    .join(' ');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** User-perceived characters as the runtime's Unicode version has them, CR LF counted as two like the calculator does. */
function runtimeGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), ({ segment }) => segment).flatMap((segment) => (segment === '\r\n' ? ['\r', '\n'] : [segment]));
}

/** Why the two results cannot be compared for `text`, if they cannot. */
function notComparable(text: string, smartEncoding: boolean, message: SegmentedMessage): string | undefined {
  if (text === '') return 'empty string (0 segments here by definition, 1 in the calculator)';
  if (message.segments.some((segment) => segment.sizeInBits() > SEGMENT_BITS)) {
    return 'a character longer than a whole segment (the calculator overfills the segment)';
  }
  const sent = smartEncoding ? applySmartEncoding(text) : text;
  if (JSON.stringify(runtimeGraphemes(sent)) !== JSON.stringify(message.graphemes)) {
    return `the calculator's grapheme table (Unicode 10) splits the text into characters differently from Intl.Segmenter (Unicode ${process.versions.unicode ?? 'of this runtime'})`;
  }
  return undefined;
}

function checkAgreement(corpus: readonly string[]): { compared: number; disagreements: number } {
  let compared = 0;
  const skipped = new Map<string, { count: number; agreeing: number }>();
  const disagreements: string[] = [];
  for (const text of corpus) {
    for (const smartEncoding of [true, false]) {
      const message = new SegmentedMessage(text, 'auto', smartEncoding);
      const expected = JSON.stringify(theirs(message));
      const actual = JSON.stringify(ours(estimateSegments(text, { smartEncoding })));
      const reason = notComparable(text, smartEncoding, message);
      if (reason !== undefined) {
        const tally = skipped.get(reason) ?? { count: 0, agreeing: 0 };
        tally.count++;
        if (actual === expected) tally.agreeing++;
        skipped.set(reason, tally);
        continue;
      }
      compared++;
      if (actual !== expected) {
        disagreements.push(`${JSON.stringify(text)} (smartEncoding ${smartEncoding})\n    ours:   ${actual}\n    theirs: ${expected}`);
      }
    }
  }
  console.log(`agreement: ${compared - disagreements.length} of ${compared} comparisons agree (${corpus.length} strings, smart encoding on and off)`);
  for (const [reason, { count, agreeing }] of skipped) {
    console.log(`  not compared: ${count}, of which ${agreeing} agree anyway: ${reason}`);
  }
  for (const disagreement of disagreements.slice(0, 10)) console.log(`  DISAGREE ${disagreement}`);
  return { compared, disagreements: disagreements.length };
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function benchmark(corpus: readonly string[], smartEncoding: boolean, rounds: number): number {
  const runOurs = () => {
    for (const text of corpus) estimateSegments(text, { smartEncoding });
  };
  const runTheirs = () => {
    for (const text of corpus) new SegmentedMessage(text, 'auto', smartEncoding);
  };
  runOurs();
  runTheirs();
  const oursMs: number[] = [];
  const theirsMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first so neither always runs on a warmer heap.
    if (round % 2 === 0) {
      oursMs.push(time(runOurs));
      theirsMs.push(time(runTheirs));
    } else {
      theirsMs.push(time(runTheirs));
      oursMs.push(time(runOurs));
    }
  }
  const ratio = median(theirsMs) / median(oursMs);
  const perSecond = (ms: number) => Math.round((corpus.length / ms) * 1000).toLocaleString('en-US');
  console.log(
    `smartEncoding ${smartEncoding}: estimateSegments ${median(oursMs).toFixed(2)} ms (${perSecond(median(oursMs))} msg/s), ` +
      `sms-segments-calculator ${median(theirsMs).toFixed(2)} ms (${perSecond(median(theirsMs))} msg/s): ${ratio.toFixed(1)}x faster`,
  );
  return ratio;
}

/** Checks agreement, then times both; a disagreement fails the run (exit code 1). */
export async function benchSegments(rounds = 7): Promise<Section> {
  console.log('\n## Segment counting against sms-segments-calculator\n');
  const corpus = buildCorpus();
  const { compared, disagreements } = checkAgreement(corpus);
  if (disagreements > 0) process.exitCode = 1;
  console.log(`timing: ${corpus.length} messages per round, median of ${rounds} interleaved rounds`);
  const [smart, plain] = [benchmark(corpus, true, rounds), benchmark(corpus, false, rounds)];
  return section('segments', `Segment counting (\`bench/segments.ts\`): ${corpus.length.toLocaleString('en-US')} mixed messages, median of ${rounds} rounds`, [
    { figure: 'estimateSegments over sms-segments-calculator, smart encoding modelled', measured: `${smart.toFixed(1)}× faster`, goal: '≥ 2×' },
    { figure: 'The same, without smart encoding', measured: `${plain.toFixed(1)}× faster`, goal: '≥ 2×' },
    { figure: 'Agreement where both define a result', measured: `${compared - disagreements} of ${compared} comparisons`, goal: 'all' },
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } }, strict: true });
  printSection(await benchSegments(Number(values.rounds)));
}
