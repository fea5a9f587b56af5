import { parseArgs } from 'node:util';
import { estimateCost } from '../../cost.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { describeCost, describeSegments, parseRates } from '../estimate.js';

export const usage = `openphone segments "<text>" [--to <E.164>]... [--rate CC=USD]... [--no-smart-encoding]

Estimates segments and cost of a message. Needs no API key.
Without --to, prices one US/Canada recipient.`;

export async function segments(context: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string', multiple: true }, rate: { type: 'string', multiple: true }, 'no-smart-encoding': { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError(`expected the message text as one argument\n\n${usage}`);
  const text = positionals[0]!;
  const smartEncoding = !values['no-smart-encoding'];
  const estimate = estimateCost(text, { to: values.to ?? ['+15555550100'], rates: parseRates(values.rate), smartEncoding });
  context.printJson(estimate);
  for (const line of describeSegments(estimate.message)) context.print(line);
  context.print(values.to ? 'Cost:' : 'Cost to a US/Canada number:');
  for (const line of describeCost(estimate)) context.print(line);
  return EXIT.ok;
}
