import { text as readAll } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { estimateCost } from '../../lib/sms/cost.js';
import { estimateSegments } from '../../lib/sms/segments.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { describeCost, describeSegments, parseRates } from '../estimate.js';

export const usage = `openphone segments "<text>" [options]
openphone segments - [options]         read the text from standard input

  --to <E.164>           price the message to this recipient (repeatable)
  --rate <CC=USD>        destination rate for international recipients (repeatable)
  --no-smart-encoding    count the text as written, without the API's smart encoding

Estimates segments, and with --to the cost, of a message. Needs no API key.`;

export async function segments(context: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string', multiple: true }, rate: { type: 'string', multiple: true }, 'no-smart-encoding': { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError(`expected the message text as one argument, or - to read it from standard input\n\n${usage}`);
  // A text piped in usually ends with the newline of its last line, which is not part of the message.
  const text = positionals[0] === '-' ? (await readAll(context.io.stdin)).replace(/\r?\n$/, '') : positionals[0]!;
  const smartEncoding = !values['no-smart-encoding'];
  const rates = parseRates(values.rate);
  if (!values.to) {
    const estimate = estimateSegments(text, { smartEncoding });
    context.printJson({ message: estimate });
    for (const line of describeSegments(estimate)) context.print(line);
    context.print('Pass --to <E.164> (and --rate CC=USD for countries outside the US and Canada) for the cost.');
    return EXIT.ok;
  }
  const estimate = estimateCost(text, { to: values.to, rates, smartEncoding });
  context.printJson(estimate);
  for (const line of describeSegments(estimate.message)) context.print(line);
  context.print('Cost:');
  for (const line of describeCost(estimate)) context.print(line);
  return EXIT.ok;
}
