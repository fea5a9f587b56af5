import type { OpenPhone } from '../../core/client.js';
import { lookUpSend } from '../../resources/reconcile.js';

export interface SentLookup {
  /** The number (`+1…`) or `PN…` id the row is sent from. */
  readonly from: string;
  readonly to: string;
  readonly content: string;
  /** When the send was first attempted (or the bulk send started): older messages are another send's. */
  readonly since: Date;
  /** Ids already matched to other rows; a match is added here, so two identical rows never share one message. */
  readonly claimed: Set<string>;
}

/**
 * The id of a message this send put in the conversation, if the API lists it:
 * the lookup a reconciling `messages.send` makes (the dated `GET /messages`
 * for exactly this recipient, outgoing, since just before the send, the same
 * text), following every page.
 */
export async function findSentMessage(client: OpenPhone, lookup: SentLookup): Promise<string | undefined> {
  const attempt = { from: lookup.from, to: [lookup.to], content: lookup.content, startedAt: lookup.since.getTime() };
  const found = await lookUpSend((query) => client.messages.list(query), attempt, lookup.claimed);
  if (found) lookup.claimed.add(found.id);
  return found?.id;
}
