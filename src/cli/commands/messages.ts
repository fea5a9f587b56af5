import { parseArgs } from 'node:util';
import type { Message } from '../../internal/types.js';
import { EXIT, UsageError, type CliContext } from '../context.js';

export const usage = `openphone messages --number <PN…|E.164> --with <E.164> [--limit N]

  --number <PN…|E.164>   one of the workspace's numbers
  --with <E.164>         the other participant
  --limit <n>            only the latest n messages

Lists the messages between one of your numbers and a participant, oldest first, following pages.`;

export async function messages(context: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { number: { type: 'string' }, with: { type: 'string' }, limit: { type: 'string' } } });
  if (!values.number || !values.with) throw new UsageError(`--number and --with are required\n\n${usage}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit must be a positive whole number, got ${values.limit}`);
  const client = await context.client();
  // The dated API filters by sender or recipient: the conversation is what was sent to the participant and what came from them.
  // A number in E.164 is looked up to its id by the client, once for both lists.
  const phoneNumberId = values.number;
  const lists = [client.messages.list({ phoneNumberId, to: values.with, direction: 'outgoing' }), client.messages.list({ phoneNumberId, from: values.with, direction: 'incoming' })];
  const print = (message: Message) => context.print(`${message.createdAt}  ${message.direction === 'incoming' ? '<-' : '->'}  ${message.text}`);
  const items: Message[] = [];
  // The API promises no order, so the latest are found by creation time, keeping at most 2 × limit in memory.
  const byNewest = (a: Message, b: Message) => b.createdAt.localeCompare(a.createdAt);
  for (const list of lists) {
    for await (const message of list) {
      items.push(message);
      if (limit !== undefined && items.length > 2 * limit) items.splice(0, items.length, ...items.sort(byNewest).slice(0, limit));
    }
  }
  const shown = items
    .sort(byNewest)
    .slice(0, limit ?? items.length)
    .reverse();
  shown.forEach(print);
  context.printJson(shown);
  if (shown.length === 0) context.print('No messages.');
  return EXIT.ok;
}
