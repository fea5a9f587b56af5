import { parseArgs } from 'node:util';
import { OpenPhoneError, ValidationError } from '../errors.js';
import { bulkSend, usage as bulkSendUsage } from './commands/bulk-send.js';
import { contacts, usage as contactsUsage } from './commands/contacts.js';
import { messages, usage as messagesUsage } from './commands/messages.js';
import { numbers, usage as numbersUsage } from './commands/numbers.js';
import { sandbox, usage as sandboxUsage } from './commands/sandbox.js';
import { segments, usage as segmentsUsage } from './commands/segments.js';
import { send, usage as sendUsage } from './commands/send.js';
import { CliContext, EXIT, UsageError, type Io } from './context.js';

const COMMANDS: Record<string, { run: (context: CliContext, args: string[]) => Promise<number>; usage: string }> = {
  segments: { run: segments, usage: segmentsUsage },
  numbers: { run: numbers, usage: numbersUsage },
  messages: { run: messages, usage: messagesUsage },
  contacts: { run: contacts, usage: contactsUsage },
  send: { run: send, usage: sendUsage },
  'bulk-send': { run: bulkSend, usage: bulkSendUsage },
  sandbox: { run: sandbox, usage: sandboxUsage },
};

const GLOBAL_USAGE = `Usage: openphone <command> [options]

Commands:
  segments "<text>"            estimate segments and cost (no API key needed)
  numbers                      list your phone numbers
  messages --number --with     list a conversation's messages
  contacts get|create|delete   manage contacts
  send --from --to --text      send one message, after showing its cost
  bulk-send --from --csv --template   send a templated message to every row of a CSV, resumably
  sandbox                      run the local sandbox

Global options:
  --api-key <key>   API key (default: OPENPHONE_API_KEY)
  --base-url <url>  API base URL (default: https://api.quo.com)
  --sandbox         use an in-process sandbox instead of the real API
  --json            print one JSON document instead of text
  --help            show help for a command

Exit codes: 0 done, 1 failed (API, network, or some sends), 2 bad usage or input (nothing sent), 130 interrupted.`;

/** Splits the global options off, wherever they appear, and leaves the command's own arguments. */
function splitGlobals(argv: string[]) {
  const { values, tokens } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: {
      'api-key': { type: 'string' },
      'base-url': { type: 'string' },
      sandbox: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const globalNames = new Set(['api-key', 'base-url', 'sandbox', 'json', 'help', 'h']);
  const rest: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option' && globalNames.has(token.name)) continue;
    // Command options are not declared here, so they arrive as bare flags; their values follow as positionals.
    if (token.kind === 'option') rest.push(argv[token.index]!);
    else if (token.kind === 'positional') rest.push(token.value);
    else rest.push('--');
  }
  return { values, rest };
}

export async function main(argv: string[], io: Io): Promise<number> {
  const { values, rest } = splitGlobals(argv);
  const [name, ...args] = rest;
  const write = (text: string) => io.stdout.write(`${text}\n`);
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    write(GLOBAL_USAGE);
    return name === undefined || values.help ? EXIT.ok : EXIT.usage;
  }
  if (values.help) {
    write(command.usage);
    return EXIT.ok;
  }
  const context = new CliContext(
    {
      apiKey: values['api-key'] as string | undefined,
      baseUrl: values['base-url'] as string | undefined,
      sandbox: values.sandbox === true,
      json: values.json === true,
    },
    io,
  );
  try {
    return await command.run(context, args);
  } catch (error) {
    return report(error, context, io);
  } finally {
    await context.close();
  }
}

function report(error: unknown, context: CliContext, io: Io): number {
  const usageLike = error instanceof UsageError || error instanceof ValidationError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const message = error instanceof Error ? error.message : String(error);
  if (context.options.json) {
    const detail = error instanceof OpenPhoneError ? error.toJSON() : { name: (error as Error).name, message };
    io.stdout.write(`${JSON.stringify({ error: detail }, null, 2)}\n`);
  } else {
    io.stderr.write(`openphone: ${message}\n`);
  }
  if (usageLike) return EXIT.usage;
  if (error instanceof OpenPhoneError) return EXIT.failed;
  throw error;
}
