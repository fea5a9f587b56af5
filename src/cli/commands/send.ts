import { parseArgs } from 'node:util';
import { operations } from '../../../generated/v1.operations.js';
import { estimateCost, type CostEstimate } from '../../lib/sms/cost.js';
import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import { requestIssues } from '../../internal/validation/request.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { describeIssues } from '../describe-error.js';
import { describeCost, describeSegments, parseRates } from '../estimate.js';

export const usage = `openphone send --from <PN…|E.164> --to <E.164> --text "<text>" [options]

  --from <PN…|E.164>     the workspace number to send from
  --to <E.164>           the recipient
  --text <text>          the message
  --rate <CC=USD>        destination rate for an international recipient (repeatable)
  --max-segments <n>     refuse to send a message longer than this
  --max-cost <USD>       refuse to send a message that costs more than this
  --dry-run              show the estimate only
  --yes                  do not ask for confirmation

Shows the estimate, asks for confirmation on a terminal, then sends once.`;

function issue(field: string, value: unknown, message: string): ValidationIssue {
  return { field, value, rule: 'cli', message };
}

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
  const missing = (['from', 'to', 'text'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}\n\n${usage}`);
  const { from, to, text } = values as { from: string; to: string; text: string };

  // Every problem at once: the message, the numbers, the rates and the limits.
  const issues: ValidationIssue[] = [...requestIssues(operations.sendMessage_v1, { body: { from, to: [to], content: text } })];
  let rates = {};
  try {
    rates = parseRates(values.rate);
  } catch (error) {
    issues.push(issue('--rate', values.rate, (error as Error).message.replace(/^--rate /, '')));
  }
  const maxSegments = values['max-segments'] === undefined ? undefined : Number(values['max-segments']);
  if (maxSegments !== undefined && !(Number.isInteger(maxSegments) && maxSegments > 0)) {
    issues.push(issue('maxSegments', values['max-segments'], `must be a positive whole number, got ${JSON.stringify(values['max-segments'])}`));
  }
  const maxCost = values['max-cost'];
  if (maxCost !== undefined && !/^\d+(\.\d+)?$/.test(maxCost)) issues.push(issue('maxCostUsd', maxCost, `must be an amount in USD like 0.05, got ${JSON.stringify(maxCost)}`));
  let estimate: CostEstimate | undefined;
  if (!issues.some((i) => i.field.startsWith('to') || i.field === 'content')) {
    try {
      estimate = estimateCost(text, { to, rates });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0 || !estimate) throw new UsageError(describeIssues(issues));

  for (const line of [...describeSegments(estimate.message), 'Cost:', ...describeCost(estimate)]) context.print(line);
  if (values['dry-run']) {
    context.printJson({ estimate, sent: false });
    return EXIT.ok;
  }
  const client = await context.client();
  if (!(await context.confirm(`Send this message to ${to}?`, values.yes))) {
    context.print('Not sent.');
    return EXIT.failed;
  }
  const message = await client.messages.send({ from, to, content: text }, { rates, ...(maxSegments !== undefined && { maxSegments }), ...(maxCost !== undefined && { maxCostUsd: maxCost }) });
  context.printJson({ estimate, sent: true, message });
  context.print(`Sent ${message.id} (${message.status})`);
  return EXIT.ok;
}
