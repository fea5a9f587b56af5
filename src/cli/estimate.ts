import type { CostEstimate, DestinationRates } from '../lib/sms/cost.js';
import type { SegmentEstimate } from '../lib/sms/segments.js';
import { UsageError } from './context.js';

/** `--rate GB=0.04 --rate MX=0.0325` as a rate table. */
export function parseRates(values: readonly string[] | undefined): DestinationRates {
  const rates: Record<string, string> = {};
  for (const value of values ?? []) {
    const match = /^([A-Za-z]{2})=(.+)$/.exec(value.trim());
    if (!match) throw new UsageError(`--rate ${value}: expected COUNTRY=USD, e.g. --rate GB=0.04`);
    rates[match[1]!.toUpperCase()] = match[2]!;
  }
  return rates;
}

const show = (text: string) => JSON.stringify(text);

/** Lines explaining a segment estimate: encoding, size, what forced UCS-2, what smart encoding changes. */
export function describeSegments(estimate: SegmentEstimate): string[] {
  const lines = [
    `Encoding: ${estimate.encoding}, ${estimate.segments} segment${estimate.segments === 1 ? '' : 's'} ` +
      `(${estimate.units} ${estimate.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units'}, ` +
      `${estimate.unitsPerSegment} per segment, ${estimate.remainingInLastSegment} left in the last one)`,
  ];
  if (estimate.ucs2Characters.length > 0) {
    lines.push(`Forces UCS-2: ${estimate.ucs2Characters.map((c) => `${show(c.character)} (U+${c.codePoint.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}`);
  }
  if (estimate.replacements.length > 0) {
    const asWritten = estimate.withoutSmartEncoding!;
    const plural = (n: number) => `${n} segment${n === 1 ? '' : 's'}`;
    lines.push(
      `Smart encoding replaces ${estimate.replacements.map((r) => `${show(r.character)} with ${show(r.replacement)}`).join(', ')}: ` +
        `sent as ${estimate.encoding} in ${plural(estimate.segments)}; as written it would be ${asWritten.encoding} in ${plural(asWritten.segments)}`,
    );
  }
  return lines;
}

/** Lines with each recipient's price and the total. */
export function describeCost(estimate: CostEstimate): string[] {
  const lines = estimate.recipients.map(
    (r) =>
      `  ${r.to}: ${r.cost ? `$${r.cost.usd} ($${r.perSegment!.usd} x ${estimate.message.segments})` : `unknown: no rate for ${r.country ?? 'this number'} (pass --rate ${r.country ?? 'XX'}=USD)`}`,
  );
  lines.push(estimate.total ? `Total: $${estimate.total.usd}` : `Total: at least $${estimate.pricedTotal.usd} (${estimate.unpricedRecipients.length} recipient(s) unpriced)`);
  return lines;
}
