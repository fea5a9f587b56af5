import { parseArgs } from 'node:util';
import type { OpenPhone } from '../../core/client.js';
import type { Message } from '../../internal/types.js';
import { EXIT, UsageError, type CliContext } from '../context.js';

export const usage = `openphone messages --number <PN…|E.164> --with <E.164> [--limit N]

  --number <PN…|E.164>   one of the workspace's numbers
  --with <E.164>         the other participant
  --limit <n>            only the latest n messages

Lists the messages between one of your numbers and a participant, oldest first, following pages.`;

/** A `PN…` id as is, or the id of the workspace number with this E.164. */
export async function phoneNumberId(client: OpenPhone, number: string): Promise<string> {
  if (number.startsWith('PN')) return number;
  // Every page: the dated list pages by cursor.
  const found = (await client.phoneNumbers.list().toArray()).find((n) => n.number === number);
  if (!found) throw new UsageError(`${number} is not one of this workspace's numbers (see: openphone numbers)`);
  return found.id;
}

export async function messages(context: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { number: { type: 'string' }, with: { type: 'string' }, limit: { type: 'string' } } });
  if (!values.number || !values.with) throw new UsageError(`--number and --with are required\n\n${usage}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit must be a positive whole number, got ${values.limit}`);
  const client = await context.client();
  const id = await phoneNumberId(client, values.number);
  // The dated API filters by sender or recipient: the conversation is what was sent to the participant and what came from them.
  const lists = [client.messages.list({ phoneNumberId: id, to: values.with, direction: 'outgoing' }), client.messages.list({ phoneNumberId: id, from: values.with, direction: 'incoming' })];
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
