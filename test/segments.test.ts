import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../src/core/errors.js';
import { estimateSegments } from '../src/lib/sms/segments.js';

const plain = { smartEncoding: false } as const;
/** A Cyrillic letter: outside GSM 03.38, one UTF-16 unit, not touched by smart encoding. */
const UCS2 = 'ж';
const EMOJI = '😀';

describe('estimateSegments: lengths at every boundary', () => {
  it.each([
    ['GSM-7', 'a', 1, 1, 160, 159],
    ['GSM-7', 'a', 160, 1, 160, 0],
    ['GSM-7', 'a', 161, 2, 153, 145],
    ['GSM-7', 'a', 306, 2, 153, 0],
    ['GSM-7', 'a', 307, 3, 153, 152],
    ['GSM-7', 'a', 459, 3, 153, 0],
    ['GSM-7', 'a', 460, 4, 153, 152],
    ['UCS-2', UCS2, 1, 1, 70, 69],
    ['UCS-2', UCS2, 70, 1, 70, 0],
    ['UCS-2', UCS2, 71, 2, 67, 63],
    ['UCS-2', UCS2, 134, 2, 67, 0],
    ['UCS-2', UCS2, 135, 3, 67, 66],
    ['UCS-2', UCS2, 201, 3, 67, 0],
    ['UCS-2', UCS2, 202, 4, 67, 66],
  ])('%s, %j × %i: %i segment(s) of %i units, %i left', (encoding, character, length, segments, unitsPerSegment, remaining) => {
    const estimate = estimateSegments(character.repeat(length), plain);
    expect(estimate).toMatchObject({ encoding, units: length, segments, unitsPerSegment, remainingInLastSegment: remaining });
  });

  it('turns the whole message UCS-2 for one character outside GSM 03.38', () => {
    const estimate = estimateSegments(`${'a'.repeat(100)}${UCS2}`, plain);
    expect(estimate).toMatchObject({ encoding: 'UCS-2', units: 101, segments: 2 });
  });
});

describe('estimateSegments: extension characters', () => {
  it.each([...'^{}\\[~]|€\f'])('counts %j as two septets', (character) => {
    expect(estimateSegments(character, plain)).toMatchObject({ encoding: 'GSM-7', units: 2 });
  });

  it('fits 80 extension characters in one segment and 81 in two', () => {
    expect(estimateSegments('{'.repeat(80), plain)).toMatchObject({ segments: 1, units: 160, remainingInLastSegment: 0 });
    expect(estimateSegments('{'.repeat(81), plain)).toMatchObject({ segments: 2, units: 162 });
  });

  it('never splits an escape pair: 1600 braces take 22 segments, not 21', () => {
    // 76 pairs fill 152 septets and the 153rd cannot hold half a pair; 21 segments
    // hold 1596 braces, the last 4 take 8 septets of the 22nd.
    expect(estimateSegments('{'.repeat(1600), plain)).toMatchObject({ segments: 22, units: 3200, remainingInLastSegment: 145 });
  });

  it('moves a pair that would straddle the end of a multipart segment to the next one', () => {
    // 152 + 2 + 10 = 164 septets: the pair cannot start at septet 153, so the second segment holds 12.
    expect(estimateSegments(`${'a'.repeat(152)}€${'a'.repeat(10)}`, plain)).toMatchObject({ segments: 2, units: 164, remainingInLastSegment: 141 });
    // 151 + 2 fills the first segment exactly; the second holds the other 11.
    expect(estimateSegments(`${'a'.repeat(151)}€${'a'.repeat(11)}`, plain)).toMatchObject({ segments: 2, units: 164, remainingInLastSegment: 142 });
    // Same total of 307 septets, but one pair straddles the second boundary.
    expect(estimateSegments(`${'a'.repeat(305)}]`, plain)).toMatchObject({ segments: 3, units: 307, remainingInLastSegment: 151 });
  });

  it('counts a pair that ends exactly at septet 160 as a single segment', () => {
    expect(estimateSegments(`${'a'.repeat(158)}€`, plain)).toMatchObject({ segments: 1, units: 160 });
    expect(estimateSegments(`${'a'.repeat(159)}€`, plain)).toMatchObject({ segments: 2, units: 161 });
  });

  it('counts extension characters as one unit once the message is UCS-2', () => {
    expect(estimateSegments(`${'{'.repeat(69)}${UCS2}`, plain)).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
  });
});

describe('estimateSegments: surrogate pairs and user-perceived characters', () => {
  it('counts an emoji outside the BMP as two units', () => {
    expect(estimateSegments(EMOJI, plain)).toMatchObject({ encoding: 'UCS-2', units: 2, segments: 1 });
  });

  it('never splits a surrogate pair: 67 emoji take 3 segments, not 2', () => {
    expect(estimateSegments(EMOJI.repeat(67), plain)).toMatchObject({ units: 134, segments: 3, remainingInLastSegment: 65 });
  });

  it('fits 35 emoji in one segment, and 33 per segment once the message is split', () => {
    expect(estimateSegments(EMOJI.repeat(35), plain)).toMatchObject({ units: 70, segments: 1 });
    // 33 emoji fill 66 units; the 34th would straddle unit 67, so it starts the second segment.
    expect(estimateSegments(`${EMOJI.repeat(35)}a`, plain)).toMatchObject({ units: 71, segments: 2, remainingInLastSegment: 62 });
  });

  it('moves a pair straddling unit 67 to the next segment', () => {
    const straddling = estimateSegments(`${'a'.repeat(66)}${EMOJI}${'b'.repeat(10)}`, plain);
    expect(straddling).toMatchObject({ units: 78, segments: 2, remainingInLastSegment: 67 - 12 });
    const aligned = estimateSegments(`${'a'.repeat(65)}${EMOJI}${'b'.repeat(11)}`, plain);
    expect(aligned).toMatchObject({ units: 78, segments: 2, remainingInLastSegment: 67 - 11 });
  });

  it('moves a whole ZWJ sequence, which is many units, to the next segment', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(family.length).toBe(11);
    // 60 + 11 + 60 = 131 units: the family would straddle unit 67, so the first segment
    // ends after 60 units, the second holds the family and 56 "b", the third 4 "b".
    const estimate = estimateSegments(`${'a'.repeat(60)}${family}${'b'.repeat(60)}`, plain);
    expect(estimate).toMatchObject({ units: 131, segments: 3, remainingInLastSegment: 63 });
  });

  it('moves a letter with its combining accent whole', () => {
    const estimate = estimateSegments(`${'a'.repeat(66)}e\u0301${'b'.repeat(10)}`, plain);
    expect(estimate).toMatchObject({ units: 78, segments: 2, remainingInLastSegment: 67 - 12 });
  });

  it('splits a character longer than a segment, but not inside a surrogate pair', () => {
    const stacked = `e${'\u0301'.repeat(80)}`;
    expect(estimateSegments(stacked, plain)).toMatchObject({ units: 81, segments: 2, remainingInLastSegment: 53 });
    // One ZWJ chain of 30 emoji, 90 units: unit 67 is the second half of an emoji.
    const chain = '👨\u200D'.repeat(30);
    expect(estimateSegments(chain, plain)).toMatchObject({ units: 90, segments: 2, remainingInLastSegment: 67 - 24 });
  });

  it('counts lone surrogates as one UCS-2 unit each and reports them', () => {
    const estimate = estimateSegments('ab\uD800c\uDC00', plain);
    expect(estimate).toMatchObject({ encoding: 'UCS-2', units: 5, segments: 1 });
    expect(estimate.ucs2Characters.map(({ codePoint, firstIndex }) => [codePoint, firstIndex])).toEqual([
      [0xd800, 2],
      [0xdc00, 4],
    ]);
  });

  it('reports U+FFFF, the last unit below the surrogate pairs, as one character', () => {
    expect(estimateSegments(`\uffff${UCS2}`, plain).ucs2Characters.map((found) => found.codePoint)).toEqual([0xffff, UCS2.charCodeAt(0)]);
  });

  it('does not pair a low surrogate that comes first', () => {
    expect(estimateSegments('\uDC00\uD800', plain).ucs2Characters.map((found) => found.codePoint)).toEqual([0xdc00, 0xd800]);
  });
});

describe('estimateSegments: line breaks', () => {
  it('counts CR LF as two septets and LF as one', () => {
    const crlf = estimateSegments(`${'a'.repeat(80)}\r\n${'a'.repeat(79)}`, plain);
    const lf = estimateSegments(`${'a'.repeat(80)}\n${'a'.repeat(79)}`, plain);
    expect(crlf).toMatchObject({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(lf).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  it('lets a segment end between CR and LF in UCS-2', () => {
    const estimate = estimateSegments(`${UCS2.repeat(66)}\r\n${UCS2.repeat(10)}`, plain);
    expect(estimate).toMatchObject({ units: 78, segments: 2, remainingInLastSegment: 67 - 11 });
  });
});

describe('estimateSegments: the GSM 03.38 character set', () => {
  // The non-ASCII characters of the GSM 7-bit default alphabet.
  const GSM_NON_ASCII = '£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà';

  it.each([...GSM_NON_ASCII])('keeps %s in GSM-7 as one septet', (character) => {
    expect(estimateSegments(character, plain)).toMatchObject({ encoding: 'GSM-7', units: 1, ucs2Characters: [] });
  });

  it('counts every printable ASCII character except the backtick and the extension ones as one septet', () => {
    for (let code = 0x20; code <= 0x7e; code++) {
      const character = String.fromCharCode(code);
      const expected = character === '`' ? 'UCS-2' : 'GSM-7';
      const units = '^{}\\[~]|'.includes(character) ? 2 : 1;
      expect(estimateSegments(character, plain), character).toMatchObject({ encoding: expected, units });
    }
  });

  it('keeps é and ñ at 160 characters per segment, as GSM 03.38 has them', () => {
    expect(estimateSegments('é'.repeat(160), plain)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(estimateSegments('ñ'.repeat(160), plain)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it.each([
    ['ç', 'small c cedilla (only capital Ç is GSM)'],
    ['á', 'a acute'],
    ['í', 'i acute'],
    ['ó', 'o acute'],
    ['ú', 'u acute'],
    ['ê', 'e circumflex'],
    ['ã', 'a tilde'],
    ['’', 'right single quotation mark'],
    ['“', 'left double quotation mark'],
    ['—', 'em dash'],
    ['…', 'ellipsis'],
    ['•', 'bullet'],
    ['\u00A0', 'no-break space'],
    ['\t', 'tab'],
    ['`', 'backtick'],
    ['ж', 'Cyrillic'],
    ['中', 'CJK'],
    ['ع', 'Arabic'],
    ['😀', 'emoji'],
    ['\u0301', 'combining acute accent'],
  ])('makes the message UCS-2 for %j (%s) and names it', (character, _name) => {
    const estimate = estimateSegments(`Hello ${character} there`, plain);
    expect(estimate.encoding).toBe('UCS-2');
    expect(estimate.ucs2Characters).toEqual([{ character, codePoint: character.codePointAt(0), count: 1, firstIndex: 6 }]);
  });

  it('lists each character that forces UCS-2 once, with its count and first position', () => {
    const estimate = estimateSegments(`a${EMOJI}bжc${EMOJI}`, plain);
    expect(estimate.ucs2Characters).toEqual([
      { character: EMOJI, codePoint: 0x1f600, count: 2, firstIndex: 1 },
      { character: 'ж', codePoint: 0x436, count: 1, firstIndex: 4 },
    ]);
  });
});

describe('estimateSegments: smart encoding', () => {
  it('says the curly apostrophe in "don’t" forces UCS-2 when sent as written', () => {
    const estimate = estimateSegments('don’t', { smartEncoding: false });
    expect(estimate).toMatchObject({ encoding: 'UCS-2', smartEncoding: false, replacements: [], withoutSmartEncoding: null });
    expect(estimate.ucs2Characters).toEqual([{ character: '’', codePoint: 0x2019, count: 1, firstIndex: 3 }]);
  });

  it('estimates "don’t" as GSM-7 by default, naming the replacement and giving the figure without it', () => {
    const estimate = estimateSegments('don’t');
    expect(estimate).toMatchObject({ encoding: 'GSM-7', units: 5, segments: 1, smartEncoding: true, ucs2Characters: [] });
    expect(estimate.replacements).toEqual([{ character: '’', codePoint: 0x2019, count: 1, firstIndex: 3, replacement: "'" }]);
    expect(estimate.withoutSmartEncoding).toMatchObject({ encoding: 'UCS-2', smartEncoding: false });
  });

  it('counts the septets of multi-character replacements', () => {
    // “Hi”… becomes "Hi"... : 2 + 2 + 3 septets.
    expect(estimateSegments('“Hi”…')).toMatchObject({ encoding: 'GSM-7', units: 7 });
  });

  it('changes the segment count where replacement avoids UCS-2', () => {
    const text = `It’s ${'a'.repeat(150)}`;
    expect(estimateSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(estimateSegments(text, plain)).toMatchObject({ encoding: 'UCS-2', segments: 3 });
  });

  it('keeps the message UCS-2 when other characters need it, and lists only those', () => {
    const estimate = estimateSegments(`don’t ${EMOJI}`);
    expect(estimate.encoding).toBe('UCS-2');
    expect(estimate.ucs2Characters.map((found) => found.character)).toEqual([EMOJI]);
    expect(estimate.replacements.map((found) => found.character)).toEqual(['’']);
  });

  it('gives the same figure with and without smart encoding when nothing would be replaced', () => {
    const estimate = estimateSegments(`caf${UCS2}`);
    expect(estimate.replacements).toEqual([]);
    expect(estimate.smartEncoding).toBe(true);
    expect(estimate.withoutSmartEncoding).toMatchObject({
      encoding: estimate.encoding,
      units: estimate.units,
      segments: estimate.segments,
    });
  });
});

describe('estimateSegments: the empty string and bad input', () => {
  it('gives 0 segments for the empty string, with a whole segment of room', () => {
    expect(estimateSegments('')).toMatchObject({
      encoding: 'GSM-7',
      segments: 0,
      units: 0,
      unitsPerSegment: 160,
      remainingInLastSegment: 160,
      ucs2Characters: [],
    });
  });

  it('rejects a value that is not a string with a ValidationError naming the field', () => {
    const call = () => estimateSegments(42 as unknown as string);
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(expect.objectContaining({ issues: [{ field: 'text', value: 42, rule: 'type', message: 'must be a string, got 42' }] }));
  });

  it('rejects a smartEncoding that is not a boolean', () => {
    const call = () => estimateSegments('hi', { smartEncoding: 'yes' as unknown as boolean });
    expect(call).toThrow(
      expect.objectContaining({
        issues: [{ field: 'smartEncoding', value: 'yes', rule: 'type', message: 'must be true or false, got "yes"' }],
      }),
    );
  });
});

/** Any UTF-16 code unit, lone surrogates included, mixed with characters that matter for segmenting. */
const anyUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.constantFrom('a', ' ', '{', '€', '\r\n', 'é', '’', '…', 'ж', EMOJI, '👍🏽', '👨‍👩‍👧', '🇫🇷', '\u0301', '\u200D'),
);
const anyText = fc.string({ unit: anyUnit, maxLength: 400 });

describe('estimateSegments: properties', () => {
  it('never throws on any string, with smart encoding on or off, and gives a well-formed estimate', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, smartEncoding) => {
        const estimate = estimateSegments(text, { smartEncoding });
        expect(['GSM-7', 'UCS-2']).toContain(estimate.encoding);
        expect(Number.isInteger(estimate.segments) && estimate.segments >= 0).toBe(true);
        expect(estimate.remainingInLastSegment).toBeGreaterThanOrEqual(0);
        expect(estimate.remainingInLastSegment).toBeLessThanOrEqual(estimate.unitsPerSegment);
        if (!smartEncoding) expect(estimate.segments === 0).toBe(text === '');
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives fewer segments when a character is appended', () => {
    fc.assert(
      fc.property(anyText, anyUnit, fc.boolean(), (text, appended, smartEncoding) => {
        const before = estimateSegments(text, { smartEncoding }).segments;
        const after = estimateSegments(text + appended, { smartEncoding }).segments;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts UCS-2 units as UTF-16 code units and fits them in the segments it gives', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const estimate = estimateSegments(text, plain);
        if (estimate.encoding === 'UCS-2') expect(estimate.units).toBe(text.length);
        if (estimate.segments === 0) {
          expect(estimate.units).toBe(0);
          return;
        }
        const inLastSegment = estimate.unitsPerSegment - estimate.remainingInLastSegment;
        expect(inLastSegment).toBeGreaterThan(0);
        expect(inLastSegment).toBeLessThanOrEqual(estimate.units);
        expect(estimate.units).toBeLessThanOrEqual(estimate.segments * estimate.unitsPerSegment);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('estimateSegments: agreement with Twilio’s segment calculator', () => {
  // Characters whose grapheme clustering the calculator's Unicode 10 tables and current Unicode agree on.
  const pieces = fc.constantFrom('a', 'Z', ' ', '.', '\n', '\r\n', '{', '€', '|', 'é', 'Ñ', 'Δ', '’', '“', '—', '…', '\u00A0', '\t', 'ç', 'ж', '中', EMOJI, '👍🏽', '👨‍👩‍👧', '🇫🇷', 'e\u0301', '❤️');

  it('gives the same encoding, segments and units on random messages', () => {
    fc.assert(
      fc.property(fc.string({ unit: pieces, minLength: 1, maxLength: 500 }), fc.boolean(), (text, smartEncoding) => {
        const theirs = new SegmentedMessage(text, 'auto', smartEncoding);
        const ours = estimateSegments(text, { smartEncoding });
        expect([ours.encoding, ours.segments, ours.units]).toEqual([theirs.encodingName, theirs.segmentsCount, theirs.messageSize / (theirs.encodingName === 'GSM-7' ? 7 : 16)]);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The splitting rule applied to the whole text at once, as `Intl.Segmenter` sees
 * it: quadratic, so only for short texts, but plainly right.
 */
function referenceUcs2Split(text: string): { segments: number; remainingInLastSegment: number } {
  const clusters = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text);
  let start = 0;
  let segments = 1;
  while (text.length - start > 67) {
    const end = start + 67;
    const cluster = clusters.containing(end)!;
    if (cluster.index === end || cluster.segment === '\r\n') start = end;
    else if (cluster.index > start) start = cluster.index;
    else start = /[\uD800-\uDBFF]/.test(text[end - 1]!) && /[\uDC00-\uDFFF]/.test(text[end]!) ? end - 1 : end;
    segments++;
  }
  return { segments, remainingInLastSegment: 67 - (text.length - start) };
}

describe('estimateSegments: splitting long UCS-2 texts', () => {
  const piece = fc.oneof(
    fc.constantFrom('ж', 'a', '\r', '\n', '\r\n', EMOJI, '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', '🇺', '\u200D', '\u0301', '\uD800', '\uDFFF', '\uFE0F', 'ᄀ', 'ᅡ', 'ᆨ', 'क्'),
    fc.integer({ min: 1, max: 300 }).map((marks) => `e${'\u0301'.repeat(marks)}`),
    fc.integer({ min: 1, max: 60 }).map((links) => '👨\u200D'.repeat(links)),
    fc.integer({ min: 1, max: 90 }).map((flags) => '🇺'.repeat(flags)),
  );

  it('splits where a segmentation of the whole text would, for clusters of any length', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 120 }), (pieces) => {
        const text = `ж${pieces.join('')}`;
        const estimate = estimateSegments(text, plain);
        if (text.length <= 70) return;
        expect({ segments: estimate.segments, remainingInLastSegment: estimate.remainingInLastSegment }).toEqual(referenceUcs2Split(text));
      }),
      { numRuns: 400 },
    );
  });

  it('splits a single cluster longer than many segments into whole segments', () => {
    const stacked = `ж${'\u0301'.repeat(67 * 40)}`;
    expect(estimateSegments(stacked, plain)).toMatchObject({ segments: 41, remainingInLastSegment: 66 });
  });

  it('asks the grapheme segmenter about short windows of a long text, never the whole of it', () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      const text = `${UCS2}\u0301`.repeat(5_000);
      // 33 accented letters (66 units) per segment: the 34th would be cut after its letter.
      expect(estimateSegments(text, plain)).toMatchObject({ units: 10_000, segments: 152, remainingInLastSegment: 67 - 34 });
      const windows = segment.mock.calls.map(([input]) => input.length);
      expect(windows.length).toBeGreaterThan(100);
      // A window reaches FIRST_LOOKAHEAD (64) units past the index asked about, from the start of the cluster before it.
      expect(Math.max(...windows)).toBeLessThan(200);
    } finally {
      segment.mockRestore();
    }
  });
});

describe('estimateSegments: surrogate range edges', () => {
  // 66 units, then two units at 66 and 67 that pair only when they are a high and a low surrogate.
  const at66 = (first: number, second: number) => `${UCS2.repeat(66)}${String.fromCharCode(first, second)}${UCS2.repeat(10)}`;
  const edges = [
    [0xd7ff, 0xdc00, false],
    [0xd800, 0xdc00, true],
    [0xdbff, 0xdfff, true],
    [0xdc00, 0xdc00, false],
    [0xd800, 0xdbff, false],
    [0xdbff, 0xe000, false],
  ] as const;

  it.each(edges)('pairs U+%s and U+%s into one character only inside the surrogate ranges', (first, second, pair) => {
    const estimate = estimateSegments(at66(first, second), plain);
    // A pair straddling unit 67 moves whole to the second segment; two separate units split between them.
    expect(estimate.remainingInLastSegment).toBe(67 - (pair ? 12 : 11));
    const reported = estimate.ucs2Characters.filter((found) => found.firstIndex === 66 || found.firstIndex === 67);
    expect(reported.map((found) => found.codePoint)).toEqual(pair ? [0x10000 + (first - 0xd800) * 0x400 + (second - 0xdc00)] : first === second ? [first] : [first, second]);
  });
});

describe('estimateSegments: runtimes without Intl.Segmenter', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  async function withoutSegmenter(): Promise<typeof estimateSegments> {
    vi.stubGlobal('Intl', { ...Intl, Segmenter: undefined });
    vi.resetModules();
    return (await import('../src/lib/sms/segments.js')).estimateSegments;
  }

  it('keeps surrogate pairs whole but may split other characters', async () => {
    const estimate = await withoutSegmenter();
    // With grapheme clusters the accented e moves whole to segment two; without them it is cut after the e.
    const accented = `${'a'.repeat(66)}e\u0301${'b'.repeat(10)}ж`;
    expect(estimateSegments(accented, plain).remainingInLastSegment).toBe(67 - 13);
    expect(estimate(accented, plain)).toMatchObject({ segments: 2, remainingInLastSegment: 67 - 12 });
    const straddling = `${'a'.repeat(66)}${EMOJI}${'b'.repeat(10)}`;
    expect(estimate(straddling, plain)).toMatchObject({ segments: 2, remainingInLastSegment: 67 - 12 });
    // A lone low surrogate is a character of its own: the segment ends before it.
    const loneLowAt67 = `${UCS2.repeat(67)}\udc00${UCS2.repeat(10)}`;
    expect(estimate(loneLowAt67, plain)).toMatchObject({ segments: 2, remainingInLastSegment: 67 - 11 });
  });
});
