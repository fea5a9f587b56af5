import { parseArgs } from 'node:util';
import { EXIT, type CliContext } from '../context.js';

export const usage = `openphone numbers

Lists the workspace's phone numbers.`;

export async function numbers(context: CliContext, args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const client = await context.client();
  // Every page: the dated list pages by cursor.
  const data = await client.phoneNumbers.list().toArray();
  context.printJson(data);
  for (const number of data) {
    context.print(`${number.id}  ${number.number}  ${number.name}  (${(number.users ?? []).map((u) => u.email).join(', ')})`);
  }
  if (data.length === 0) context.print('No phone numbers.');
  return EXIT.ok;
}
