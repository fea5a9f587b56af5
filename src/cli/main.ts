import { parseArgs } from 'node:util';
import { OpenPhoneError, ValidationError } from '../core/errors.js';
import { SDK_VERSION } from '../internal/version.js';
import { api, apiUsage, isResource, namesMethod, resourceNames } from './commands/api.js';
import { bulkSend, usage as bulkSendUsage } from './commands/bulk-send.js';
import { contacts, actions as contactsActions, usage as contactsUsage } from './commands/contacts.js';
import { mcp, usage as mcpUsage } from './commands/mcp.js';
import { messages, usage as messagesUsage } from './commands/messages.js';
import { numbers, usage as numbersUsage } from './commands/numbers.js';
import { sandbox, sandboxUsage } from './commands/sandbox.js';
import { segments, usage as segmentsUsage } from './commands/segments.js';
import { send, usage as sendUsage } from './commands/send.js';
import { CliContext, EXIT, Interrupted, UsageError, type Io, type Palette } from './context.js';
import { describeError } from './describe-error.js';

interface Command {
  run(context: CliContext, args: string[]): Promise<number>;
  usage(): Promise<string>;
  /** The words the command takes as its first argument; any other method of the same resource is the generic command's. */
  readonly actions?: readonly string[];
}

const sync = (text: string) => () => Promise.resolve(text);

const COMMANDS: Record<string, Command> = {
  segments: { run: segments, usage: sync(segmentsUsage) },
  numbers: { run: numbers, usage: sync(numbersUsage) },
  messages: { run: messages, usage: sync(messagesUsage), actions: [] },
  contacts: { run: contacts, usage: sync(contactsUsage), actions: contactsActions },
  send: { run: send, usage: sync(sendUsage) },
  'bulk-send': { run: bulkSend, usage: sync(bulkSendUsage) },
  sandbox: { run: sandbox, usage: sandboxUsage },
  mcp: { run: mcp, usage: sync(mcpUsage) },
};

const GLOBAL_OPTIONS = `Global options:
  --api-key <key>   API key (default: OPENPHONE_API_KEY)
  --base-url <url>  API base URL (default: https://api.quo.com)
  --sandbox         use an in-process sandbox instead of the real API
  --redis <url>     share the key's rate limit with your servers through Redis (default: OPENPHONE_REDIS_URL;
                    needs ioredis installed)
  --rate-limit <n>/<ms>
                    requests per key per interval (default 10/1000, the API's limit): lower it to leave room for
                    others on the key, or match a sandbox started with its own --rate-limit
  --json            print one JSON document on stdout (errors as JSON on stderr)
  -h, --help        show help (also: openphone help <command>)
  -v, --version     print the version

Colour is used on terminals that support it; NO_COLOR turns it off, FORCE_COLOR on.`;

const GLOBAL_USAGE = `Usage: openphone <command> [options]

Commands:
  segments "<text>"|-          estimate segments and cost (no API key needed)
  numbers                      list your phone numbers
  messages --number --with     list a conversation's messages
  contacts get|create|delete   manage contacts
  send --from --to --text      send one message, after showing its cost
  bulk-send --from --csv --template   send a templated message to every row of a CSV, resumably
  sandbox                      run the local sandbox
  mcp                          run an MCP server for AI agents on stdio
  <resource> <method> [ids…] [--field value…] [--data JSON|@file.json]
                               call any API method, as the library names it (openphone <resource> --help)
                               resources: ${resourceNames.join(', ')}
  help <command>               show a command's options

${GLOBAL_OPTIONS}

Exit codes: 0 done, 1 failed (API, network, or some sends), 2 bad usage or input (nothing sent), 130 interrupted.`;

const GLOBAL_NAMES = new Set(['api-key', 'base-url', 'redis', 'rate-limit', 'sandbox', 'json', 'help', 'h', 'version', 'v']);

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
      redis: { type: 'string' },
      'rate-limit': { type: 'string' },
      sandbox: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const rest: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option' && GLOBAL_NAMES.has(token.name)) continue;
    // Command options are not declared here, so they arrive as bare flags; their values follow as positionals.
    if (token.kind === 'option') rest.push(argv[token.index]!);
    else if (token.kind === 'positional') rest.push(token.value);
    else rest.push('--');
  }
  return { values, rest };
}

async function loadPalette(): Promise<((enabled: boolean) => Palette) | undefined> {
  try {
    const { default: picocolors } = await import('picocolors');
    return (enabled) => picocolors.createColors(enabled);
  } catch {
    return undefined;
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const { values, rest } = splitGlobals(argv);
  const [name, ...args] = rest;
  const context = new CliContext(
    {
      apiKey: values['api-key'] as string | undefined,
      baseUrl: values['base-url'] as string | undefined,
      redisUrl: (values.redis as string | undefined) ?? (io.env.OPENPHONE_REDIS_URL || undefined),
      rateLimit: values['rate-limit'] as string | undefined,
      sandbox: values.sandbox === true,
      json: values.json === true,
    },
    io,
    await loadPalette(),
  );
  const out = (text: string) => context.write('stdout', `${text}\n`);
  if (values.version) {
    out(values.json ? JSON.stringify({ version: SDK_VERSION }) : SDK_VERSION);
    return EXIT.ok;
  }
  if (name === undefined) {
    out(GLOBAL_USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const helpFor = name === 'help' ? args[0] : values.help ? name : undefined;
  if (name === 'help' && helpFor === undefined) {
    out(GLOBAL_USAGE);
    return EXIT.ok;
  }
  const words = name === 'help' ? args : [name, ...args];
  const own = COMMANDS[helpFor ?? name];
  // The commands above keep their names and actions; any other method of the client is called by its name.
  const command = own && !takenFromCommand(own, words) ? own : undefined;
  if (!command && isResource(helpFor ?? name)) {
    if (helpFor !== undefined) {
      out(`${apiUsage(words)}\n\n${GLOBAL_OPTIONS}`);
      return EXIT.ok;
    }
    return run(() => api(context, [name, ...args]), context);
  }
  if (!command) return report(new UsageError(`unknown command ${JSON.stringify(helpFor ?? name)} (commands: ${Object.keys(COMMANDS).join(', ')}; see openphone --help)`), context);
  if (helpFor !== undefined) {
    const more = command.actions && isResource(helpFor) ? `\n\nThe other methods of client.${helpFor}:\n\n${apiUsage([helpFor], command.actions)}` : '';
    out(`${await command.usage()}${more}\n\n${GLOBAL_OPTIONS}`);
    return EXIT.ok;
  }
  return run(() => command.run(context, args), context);
}

/** Whether `words` (`contacts notes list …`) name a method of the client that `command`, of the same name, has no action for. */
function takenFromCommand(command: Command, words: readonly string[]): boolean {
  const action = words[1];
  return command.actions !== undefined && action !== undefined && !action.startsWith('-') && !command.actions.includes(action) && namesMethod(words.slice(0, 2));
}

async function run(command: () => Promise<number>, context: CliContext): Promise<number> {
  try {
    return await command();
  } catch (error) {
    return report(error, context);
  } finally {
    await context.close();
  }
}

/** Prints an error as one line (or one JSON document with --json) on stderr, and says which exit code it means. */
function report(error: unknown, context: CliContext): number {
  const usage = error instanceof UsageError || error instanceof ValidationError || (error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS');
  const message = describeError(error);
  if (context.options.json) {
    const detail = error instanceof OpenPhoneError ? { ...error.toJSON(), message } : { name: error instanceof Error ? error.name : 'Error', message };
    context.write('stderr', `${JSON.stringify({ error: detail }, null, 2)}\n`);
  } else {
    context.write('stderr', `${context.colors('stderr').red('openphone:')} ${message}\n`);
  }
  if (error instanceof Interrupted) return EXIT.interrupted;
  return usage ? EXIT.usage : EXIT.failed;
}
