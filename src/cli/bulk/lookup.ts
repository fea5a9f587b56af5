import type { OpenPhone } from '../../core/client.js';

/**
 * How far before an attempt's journaled time its message is looked for: the
 * journal has this machine's clock and `createdAt` the API's. Five minutes is
 * the usual tolerance for clocks that are kept in sync.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface SentLookup {
  readonly phoneNumberId: string;
  readonly to: string;
  readonly content: string;
  /** When the send was first attempted (or the bulk send started): older messages are another send's. */
  readonly since: Date;
  /** Ids already matched to other rows; a match is added here, so two identical rows never share one message. */
  readonly claimed: Set<string>;
}

/** The id of a message this send put in the conversation, if the API has one, following every page of the window. */
export async function findSentMessage(client: OpenPhone, lookup: SentLookup): Promise<string | undefined> {
  const createdAfter = new Date(lookup.since.getTime() - CLOCK_SKEW_MS);
  const list = client.messages.list({ phoneNumberId: lookup.phoneNumberId, to: lookup.to, direction: 'outgoing', 'createdAt[gt]': createdAfter });
  for await (const message of list) {
    if (message.direction !== 'outgoing' || message.text !== lookup.content || lookup.claimed.has(message.id)) continue;
    if (Date.parse(message.createdAt) < createdAfter.getTime()) continue;
    lookup.claimed.add(message.id);
    return message.id;
  }
  return undefined;
}
