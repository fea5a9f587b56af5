import { parseArgs } from 'node:util';
import type { CreateContactParams } from '../../resources/contacts.js';
import { EXIT, UsageError, type CliContext } from '../context.js';

export const usage = `openphone contacts get <id>
openphone contacts create [--first-name X] [--last-name X] [--company X] [--phone <E.164>]... [--email X]... [--external-id X]
openphone contacts delete <id> [--yes]`;

/** The actions this command keeps; other methods of `client.contacts` are the generic command's. */
export const actions = ['get', 'create', 'delete'] as const;

export async function contacts(context: CliContext, args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'get') return get(context, rest);
  if (action === 'create') return create(context, rest);
  if (action === 'delete') return remove(context, rest);
  throw new UsageError(`unknown contacts action ${JSON.stringify(action ?? '')}\n\n${usage}`);
}

function onlyId(args: string[], options: Record<string, { type: 'boolean' }> = {}) {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
  if (positionals.length !== 1) throw new UsageError(`expected one contact id\n\n${usage}`);
  return { id: positionals[0]!, values };
}

async function get(context: CliContext, args: string[]): Promise<number> {
  const { id } = onlyId(args);
  const contact = await (await context.client()).contacts.get(id);
  context.printJson(contact);
  context.print(JSON.stringify(contact, null, 2));
  return EXIT.ok;
}

async function create(context: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      company: { type: 'string' },
      phone: { type: 'string', multiple: true },
      email: { type: 'string', multiple: true },
      'external-id': { type: 'string' },
    },
  });
  const contact: CreateContactParams = {
    firstName: values['first-name'] ?? null,
    ...(values['last-name'] !== undefined && { lastName: values['last-name'] }),
    ...(values.company !== undefined && { company: values.company }),
    ...(values.phone && { phoneNumbers: values.phone.map((value, i) => ({ name: i === 0 ? 'primary' : `phone ${i + 1}`, value })) }),
    ...(values.email && { emails: values.email.map((value, i) => ({ name: i === 0 ? 'primary' : `email ${i + 1}`, value })) }),
    ...(values['external-id'] !== undefined && { externalId: values['external-id'] }),
  };
  const created = await (await context.client()).contacts.create(contact);
  context.printJson(created);
  context.print(`Created contact ${created.id}`);
  return EXIT.ok;
}

async function remove(context: CliContext, args: string[]): Promise<number> {
  const { id, values } = onlyId(args, { yes: { type: 'boolean' } });
  const client = await context.client();
  if (!(await context.confirm(`Delete contact ${id}?`, values.yes === true))) return EXIT.failed;
  await client.contacts.delete(id);
  context.printJson({ deleted: id });
  context.print(`Deleted contact ${id}`);
  return EXIT.ok;
}
