import { parseArgs } from 'node:util';
import { estimateCost } from '../../cost.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { describeCost, describeSegments, parseRates } from '../estimate.js';

export const usage = `openphone send --from <PN…|E.164> --to <E.164> --text "<text>" [--yes] [--dry-run] [--max-segments N] [--max-cost USD] [--rate CC=USD]...

Shows the estimate, asks for confirmation on a terminal, then sends once.`;

export async function send(context: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      text: { type: 'string' },
      yes: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'max-segments': { type: 'string' },
      'max-cost': { type: 'string' },
      rate: { type: 'string', multiple: true },
    },
  });
  if (!values.from || !values.to || values.text === undefined) throw new UsageError(`--from, --to and --text are required\n\n${usage}`);
  const rates = parseRates(values.rate);
  const estimate = estimateCost(values.text, { to: values.to, rates });
  for (const line of [...describeSegments(estimate.message), 'Cost:', ...describeCost(estimate)]) context.print(line);
  if (values['dry-run']) {
    context.printJson({ estimate, sent: false });
    return EXIT.ok;
  }
  const client = await context.client();
  if (!(await context.confirm(`Send this message to ${values.to}?`, values.yes))) {
    context.print('Not sent.');
    return EXIT.failed;
  }
  const maxSegments = values['max-segments'] === undefined ? undefined : Number(values['max-segments']);
  const message = await client.messages.send(
    { from: values.from, to: values.to, content: values.text },
    {
      rates,
      ...(maxSegments !== undefined && { maxSegments }),
      ...(values['max-cost'] !== undefined && { maxCostUsd: values['max-cost'] }),
    },
  );
  context.printJson({ estimate, sent: true, message });
  context.print(`Sent ${message.id} (${message.status})`);
  return EXIT.ok;
}
