import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { estimateSegments } from '../src/lib/sms/segments.js';
import { SMART_ENCODING_REPLACEMENTS, applySmartEncoding } from '../src/lib/sms/smart-encoding.js';

const require = createRequire(import.meta.url);

describe('smart encoding replacements', () => {
  it('are the replacements Twilio’s segment calculator applies, no more and no fewer', () => {
    const calculatorMap = (require('sms-segments-calculator/dist/libs/SmartEncodingMap.js') as { default: Record<string, string> }).default;
    const theirs = new Map(Object.entries(calculatorMap).map(([character, replacement]) => [character.charCodeAt(0), replacement]));
    expect(new Map([...SMART_ENCODING_REPLACEMENTS].sort(([a], [b]) => a - b))).toEqual(new Map([...theirs].sort(([a], [b]) => a - b)));
  });

  it('replace only characters outside GSM 03.38, and only with GSM characters', () => {
    for (const [unit, replacement] of SMART_ENCODING_REPLACEMENTS) {
      const character = String.fromCharCode(unit);
      expect(estimateSegments(character, { smartEncoding: false }).encoding, `U+${unit.toString(16)}`).toBe('UCS-2');
      if (replacement !== '') expect(estimateSegments(replacement, { smartEncoding: false }).encoding).toBe('GSM-7');
    }
  });

  it.each([
    ['‘single’ and “double” quotes', `'single' and "double" quotes`],
    ['en – and em — dashes', 'en - and em - dashes'],
    ['wait…', 'wait...'],
    ['«guillemets»', '"guillemets"'],
    ['no\u00A0break', 'no  break'],
    ['zero\u200Bwidth', 'zerowidth'],
    ['ＦＵＬＬ！', 'FULL!'],
    ['½ price', '1/2 price'],
  ])('turns %j into %j', (text, sent) => {
    expect(applySmartEncoding(text)).toBe(sent);
  });

  it('returns text with nothing to replace unchanged', () => {
    const text = 'Plain GSM text, café and € included 😀';
    expect(applySmartEncoding(text)).toBe(text);
  });

  it('leaves lone surrogates and characters it does not know alone', () => {
    expect(applySmartEncoding('a\uD800’\uDC00ж')).toBe("a\uD800'\uDC00ж");
  });
});
