/**
 * SMS segment counting per GSM 03.38 / 3GPP TS 23.038, the way carriers and
 * Twilio's segment calculator count: a message is GSM-7 when every character is
 * in the GSM basic or extension table, otherwise the whole message is UCS-2.
 */
import { ValidationError, describeValue } from '../../core/errors.js';
import { SMART_ENCODING_REPLACEMENTS, applySmartEncoding } from './smart-encoding.js';
import { readOptions } from '../../internal/validation/options.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** One distinct character of a message (a whole surrogate pair, or a lone surrogate). */
export interface CharacterCount {
  readonly character: string;
  readonly codePoint: number;
  /** How many times it occurs. */
  readonly count: number;
  /** UTF-16 index of its first occurrence in the text passed in. */
  readonly firstIndex: number;
}

/** A character smart encoding is expected to replace, and with what. */
export interface SmartReplacement extends CharacterCount {
  readonly replacement: string;
}

export interface SegmentEstimate {
  readonly encoding: SmsEncoding;
  /** Segments billed; 0 only for a text with no characters to send (see `estimateSegments`). */
  readonly segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  readonly units: number;
  /** 160 or 70 for a single segment, 153 or 67 once the message is split. */
  readonly unitsPerSegment: number;
  /** Units still free in the last segment before another one is needed. */
  readonly remainingInLastSegment: number;
  /** The characters outside GSM 03.38 that make the message UCS-2, in order of appearance. */
  readonly ucs2Characters: readonly CharacterCount[];
  /** Whether this figure assumes smart encoding replaces look-alike characters. */
  readonly smartEncoding: boolean;
  /** With smart encoding: the characters expected to be replaced. Empty otherwise. */
  readonly replacements: readonly SmartReplacement[];
  /** With smart encoding: the figure if the text were sent exactly as written. `null` otherwise. */
  readonly withoutSmartEncoding: SegmentEstimate | null;
}

export interface EstimateSegmentsOptions {
  /**
   * Model the API's smart encoding, which swaps typographic look-alikes (curly
   * quotes, dashes, ellipsis, …) for GSM characters before sending. Default `true`.
   */
  readonly smartEncoding?: boolean;
}

const GSM_SINGLE = 160;
const GSM_MULTIPART = 153;
const UCS2_SINGLE = 70;
const UCS2_MULTIPART = 67;

/** GSM 03.38 default alphabet, as Unicode (the escape code 0x1B is not a character). */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters sent as an escape plus a character from the extension table: two septets each. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

/** Septets per UTF-16 code unit: 1 basic, 2 extension, 0 not in GSM 03.38. */
const SEPTETS = /* @__PURE__ */ septetTable();

function septetTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const character of GSM_BASIC) table[character.charCodeAt(0)] = 1;
  for (const character of GSM_EXTENSION) table[character.charCodeAt(0)] = 2;
  return table;
}

interface Layout {
  readonly encoding: SmsEncoding;
  readonly units: number;
  readonly segments: number;
  readonly unitsPerSegment: number;
  readonly remainingInLastSegment: number;
}

/**
 * How many segments `text` takes and how full the last one is.
 *
 * Never throws, for any string. The empty string gives 0 segments (the API
 * rejects empty messages, so nothing is billed), as does a text that smart
 * encoding would reduce to nothing (only zero-width characters). Lone
 * surrogates count as one UCS-2 unit each.
 *
 * By default the figure assumes smart encoding (see `EstimateSegmentsOptions`);
 * the figure for the text exactly as written is in `withoutSmartEncoding`, or
 * ask for it with `{ smartEncoding: false }`. The SDK never alters the text it sends.
 */
export function estimateSegments(text: string, options: EstimateSegmentsOptions = {}): SegmentEstimate {
  if (typeof text !== 'string') {
    throw new ValidationError([{ field: 'text', value: text, rule: 'type', message: `must be a string, got ${describeValue(text)}` }]);
  }
  const smartEncoding = readOptions(options, ['smartEncoding']).smartEncoding ?? true;
  if (typeof smartEncoding !== 'boolean') {
    throw new ValidationError([
      {
        field: 'smartEncoding',
        value: smartEncoding,
        rule: 'type',
        message: `must be true or false, got ${describeValue(smartEncoding)}`,
      },
    ]);
  }

  const asWritten = layOut(text);
  const nonGsm = asWritten.encoding === 'UCS-2' ? nonGsmCharacters(text) : [];
  const plain = result(asWritten, nonGsm.map(characterCount), false, [], null);
  if (!smartEncoding) return plain;

  const replaced = nonGsm.filter(isReplaced);
  if (replaced.length === 0) return result(asWritten, plain.ucs2Characters, true, [], plain);
  return result(layOut(applySmartEncoding(text)), nonGsm.filter((found) => !isReplaced(found)).map(characterCount), true, replaced.map(smartReplacement), plain);
}

/** Builds the result field by field: object spread is many times slower here than the counting itself. */
function result(
  layout: Layout,
  ucs2Characters: readonly CharacterCount[],
  smartEncoding: boolean,
  replacements: readonly SmartReplacement[],
  withoutSmartEncoding: SegmentEstimate | null,
): SegmentEstimate {
  return {
    encoding: layout.encoding,
    segments: layout.segments,
    units: layout.units,
    unitsPerSegment: layout.unitsPerSegment,
    remainingInLastSegment: layout.remainingInLastSegment,
    ucs2Characters,
    smartEncoding,
    replacements,
    withoutSmartEncoding,
  };
}

function layOut(text: string): Layout {
  let septets = 0;
  let hasExtension = false;
  for (let i = 0; i < text.length; i++) {
    const size = SEPTETS[text.charCodeAt(i)]!;
    if (size === 0) return layOutUcs2(text);
    if (size === 2) hasExtension = true;
    septets += size;
  }
  return layOutGsm(text, septets, hasExtension);
}

function layOutGsm(text: string, septets: number, hasExtension: boolean): Layout {
  if (septets <= GSM_SINGLE) return layout('GSM-7', septets, septets === 0 ? 0 : 1, GSM_SINGLE, septets);
  let segments = Math.ceil(septets / GSM_MULTIPART);
  let used = septets - (segments - 1) * GSM_MULTIPART;
  if (hasExtension) {
    // An escape and the character after it must share a segment, so a segment
    // that has one septet left when an extension character comes stays short.
    segments = 1;
    used = 0;
    for (let i = 0; i < text.length; i++) {
      const size = SEPTETS[text.charCodeAt(i)]!;
      if (used + size > GSM_MULTIPART) {
        segments++;
        used = 0;
      }
      used += size;
    }
  }
  return layout('GSM-7', septets, segments, GSM_MULTIPART, used);
}

function layOutUcs2(text: string): Layout {
  const units = text.length;
  if (units <= UCS2_SINGLE) return layout('UCS-2', units, 1, UCS2_SINGLE, units);
  const segmenter = graphemeSegmenter();
  const clusters = segmenter === null ? undefined : new ClusterCursor(segmenter, text);
  let start = 0;
  let segments = 1;
  while (units - start > UCS2_MULTIPART) {
    start = segmentEnd(text, start, clusters);
    segments++;
  }
  return layout('UCS-2', units, segments, UCS2_MULTIPART, units - start);
}

function layout(encoding: SmsEncoding, units: number, segments: number, unitsPerSegment: number, usedInLastSegment: number): Layout {
  return { encoding, units, segments, unitsPerSegment, remainingInLastSegment: unitsPerSegment - usedInLastSegment };
}

/**
 * Where the segment that begins at `start` ends: after 67 units, or earlier so
 * that no character is cut in two. Like Android's SMS splitter and Twilio's
 * calculator, a user-perceived character (an emoji with its skin tone or ZWJ
 * sequence, a letter with its combining accents) moves whole to the next
 * segment; one longer than a segment is split, but never inside a surrogate
 * pair. CR LF counts as two characters, as the calculator counts it.
 */
function segmentEnd(text: string, start: number, clusters: ClusterCursor | undefined): number {
  const end = start + UCS2_MULTIPART;
  if (clusters !== undefined) {
    const cluster = clusters.containing(end);
    if (cluster.isCrLf) return end;
    if (cluster.start > start) return cluster.start;
  }
  return wholeCodePointsUpTo(text, end) === end ? end : end - 1;
}

interface Cluster {
  /** UTF-16 index of its first unit. */
  readonly start: number;
  /** UTF-16 index just past its last unit. */
  readonly end: number;
  readonly isCrLf: boolean;
}

/** How far past the index asked about a window first reaches; it doubles until the cluster ends inside it. */
const FIRST_LOOKAHEAD = 64;

/**
 * The grapheme clusters of a text, asked for at indexes that never decrease.
 * `Intl.Segmenter` takes time quadratic in the length of the string it is given
 * (in V8, both to iterate and to answer `containing()`), so each question is
 * answered from a short window that starts at a cluster boundary already found:
 * from a boundary on, grapheme breaks depend only on the text after it, and a
 * break never depends on more than one character past it. A window never ends
 * inside a surrogate pair, and a cluster is trusted only when it ends before the
 * window does. The work is linear in the text.
 */
class ClusterCursor {
  private current: Cluster = { start: 0, end: 0, isCrLf: false };

  constructor(
    private readonly segmenter: Intl.Segmenter,
    private readonly text: string,
  ) {}

  containing(index: number): Cluster {
    if (index < this.current.end) return this.current;
    const from = this.current.end;
    for (let lookahead = FIRST_LOOKAHEAD; ; lookahead *= 2) {
      const stop = wholeCodePointsUpTo(this.text, Math.min(this.text.length, index + lookahead));
      const found = this.segmenter.segment(this.text.slice(from, stop)).containing(index - from)!;
      const end = from + found.index + found.segment.length;
      if (end < stop || stop === this.text.length) {
        this.current = { start: from + found.index, end, isCrLf: found.segment === '\r\n' };
        return this.current;
      }
    }
  }
}

let segmenter: Intl.Segmenter | null | undefined;

/** Created on first use; `null` where the runtime has no `Intl.Segmenter`: then only surrogate pairs are kept whole. */
function graphemeSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  }
  return segmenter;
}

interface FoundCharacter {
  character: string;
  codePoint: number;
  count: number;
  firstIndex: number;
  replacement: string | undefined;
}

/** The distinct characters outside GSM 03.38, in order of first appearance. */
function nonGsmCharacters(text: string): FoundCharacter[] {
  const found = new Map<number, FoundCharacter>();
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (SEPTETS[unit] !== 0) continue;
    // A lone surrogate stands for itself: it cannot collide with a pair's code point, which is above U+FFFF.
    const low = text.charCodeAt(i + 1);
    const codePoint = isHighSurrogate(unit) && isLowSurrogate(low) ? 0x10000 + (unit - 0xd800) * 0x400 + (low - 0xdc00) : unit;
    const seen = found.get(codePoint);
    if (seen === undefined) {
      const replacement = SMART_ENCODING_REPLACEMENTS.get(unit);
      found.set(codePoint, { character: String.fromCodePoint(codePoint), codePoint, count: 1, firstIndex: i, replacement });
    } else {
      seen.count++;
    }
    if (codePoint > 0xffff) i++;
  }
  return [...found.values()];
}

type ReplacedCharacter = FoundCharacter & { replacement: string };

function isReplaced(found: FoundCharacter): found is ReplacedCharacter {
  return found.replacement !== undefined;
}

function characterCount({ character, codePoint, count, firstIndex }: FoundCharacter): CharacterCount {
  return { character, codePoint, count, firstIndex };
}

function smartReplacement({ character, codePoint, count, firstIndex, replacement }: ReplacedCharacter): SmartReplacement {
  return { character, codePoint, count, firstIndex, replacement };
}

/** `index`, or one more where it would cut a surrogate pair in two. */
function wholeCodePointsUpTo(text: string, index: number): number {
  return isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index)) ? index + 1 : index;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
