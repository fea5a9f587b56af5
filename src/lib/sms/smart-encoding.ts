/**
 * The replacements "smart encoding" makes before a message is sent: typographic
 * look-alikes become GSM characters so one stray curly quote does not turn the
 * whole message into UCS-2. This is the list Twilio publishes for its Smart
 * Encoding and applies in its segment calculator, which OpenPhone's pricing
 * page recommends. Every character replaced here is outside GSM 03.38 and every
 * replacement is made of GSM characters only.
 */

/** `[replacement, the characters it replaces]`, grouped by kind. */
const REPLACEMENTS: ReadonlyArray<readonly [string, string]> = [
  // Quotation marks, apostrophes, primes and accents used as quotes.
  ['"', '\u00AB\u00BB\u02BA\u02EE\u201C\u201D\u201E\u201F\u275D\u275E\u301D\u301E'],
  ["'", '\u0060\u00B4\u02B9\u02BB\u02BC\u02BD\u02C8\u02CA\u02CB\u0313\u0314\u2018\u2019\u201B\u275B\u275C\uFE10\uFE11'],
  [',', '\u0326\u201A\u3001\uFE50\uFE51\uFF64'],
  ['<', '\u2039\uFE64'],
  ['>', '\u203A\uFE65'],
  // Dashes, hyphens and the bullet.
  ['-', '\u2010\u2013\u2014\u2015\u2022\u2043\u23BC\u23BD\uFE63'],
  // Ellipsis and double exclamation mark: one character becomes several.
  ['...', '\u2026'],
  ['!!', '\u203C'],
  // Spaces. The calculator counts no-break and typographic spaces as two
  // spaces and a tab as seven; the estimate follows it.
  ['  ', '\u0080\u008D\u0090\u009B\u009F\u00A0\u2000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000'],
  [' ', '\u2001\u2028\u2029'],
  ['       ', '\u0009'],
  // Invisible characters and control codes are dropped.
  ['', '\u0000\u0003\u0004\u0010\u0011\u0012\u0013\u0014\u0017\u0019\u200B\u200C\u2060\uFEFF'],
  // Fractions, slashes and lines.
  ['1/4', '\u00BC'],
  ['1/2', '\u00BD'],
  ['3/4', '\u00BE'],
  ['/', '\u00F7\u0337\u0338\u2044\u2215\u29F8'],
  ['\\', '\u20E5\u29F5\u29F9\uFE68'],
  ['_', '\u0332\u2017'],
  ['|', '\u20D2\u20D3\u2223\u239C\u239F\u23B8\u23B9\u23D0'],
  ['~', '\u02DC\u02F7\u0303\u0330\u0334\u223C'],
  ['^', '\u02C6\u0302\u1DCD'],
  // Other punctuation and symbol variants (small forms, ornaments, modifier letters).
  ['!', '\u01C3\uFE15\uFE57'],
  ['#', '\uFE5F'],
  ['$', '\uFE69'],
  ['%', '\uFE6A'],
  ['&', '\uFE60'],
  ['@', '\uFE6B'],
  ['(', '\u2768\u276A\u27EE\u2985\uFE59'],
  [')', '\u2769\u276B\u27EF\u2986\uFE5A'],
  ['{', '\u2774\uFE5B'],
  ['}', '\u2775\uFE5C'],
  ['*', '\u204E\u2217\u229B\u2722\u2723\u2724\u2725\u2731\u2732\u2733\u273A\u273B\u273C\u273D\u2743\u2749\u274A\u274B\u29C6\uFE61'],
  ['+', '\u02D6\uFE62'],
  ['.', '\u3002\uFE52\uFF61'],
  [':', '\u02D0\u02F8\u2982\uA789\uFE13'],
  [';', '\u204F\uFE14\uFE54'],
  ['=', '\u0347\uA78A\uFE66'],
  ['?', '\uFE16\uFE56'],
  // Small capital letters.
  ['A', '\u1D00'],
  ['B', '\u0299'],
  ['C', '\u1D04'],
  ['D', '\u1D05'],
  ['E', '\u1D07'],
  ['F', '\uA730'],
  ['G', '\u0262'],
  ['H', '\u029C'],
  ['I', '\u026A'],
  ['J', '\u1D0A'],
  ['K', '\u1D0B'],
  ['L', '\u029F'],
  ['M', '\u1D0D'],
  ['N', '\u0274'],
  ['O', '\u1D0F'],
  ['P', '\u1D18'],
  ['R', '\u0280'],
  ['S', '\uA731'],
  ['T', '\u1D1B'],
  ['U', '\u1D1C'],
  ['V', '\u1D20'],
  ['W', '\u1D21'],
  ['Y', '\u028F'],
  ['Z', '\u1D22'],
];

/**
 * Fullwidth forms U+FF01 to U+FF3F and U+FF5B to U+FF5E become the ASCII
 * character they are drawn after (fullwidth lower-case letters are not replaced).
 */
const FULLWIDTH_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0xff01, 0xff3f],
  [0xff5b, 0xff5e],
];
const FULLWIDTH_OFFSET = 0xfee0;

function buildReplacementTable(): ReadonlyMap<number, string> {
  const table = new Map<number, string>();
  for (const [replacement, characters] of REPLACEMENTS) {
    for (let i = 0; i < characters.length; i++) table.set(characters.charCodeAt(i), replacement);
  }
  for (const [first, last] of FULLWIDTH_RANGES) {
    for (let code = first; code <= last; code++) table.set(code, String.fromCharCode(code - FULLWIDTH_OFFSET));
  }
  return table;
}

/** UTF-16 code unit → the GSM text smart encoding puts in its place. All keys are BMP characters. */
export const SMART_ENCODING_REPLACEMENTS: ReadonlyMap<number, string> = /* @__PURE__ */ buildReplacementTable();

/** The text as smart encoding would send it. */
export function applySmartEncoding(text: string): string {
  let result = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const replacement = SMART_ENCODING_REPLACEMENTS.get(text.charCodeAt(i));
    if (replacement === undefined) continue;
    result += text.slice(copiedUpTo, i) + replacement;
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}
