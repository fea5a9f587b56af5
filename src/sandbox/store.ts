import type { WebhookScheme } from '../webhooks/errors.js';
import type {
  Call,
  CallRecording,
  CallSummary,
  CallTranscript,
  Contact,
  ContactCustomField,
  Conversation,
  Message,
  PhoneNumber,
  VersionedWebhookWithKey,
  Webhook,
} from '../types.js';
import { seededRandom } from './random.js';
import { seedWorkspace } from './seed.js';

/** A workspace member, as phone numbers list their users. */
export type User = PhoneNumber['users'][number];

/** Timestamps start here and advance one second per record, so a seed always gives the same data. */
const EPOCH_MS = Date.UTC(2025, 0, 1);

/** When the seeded workspace and its users were made. */
export const WORKSPACE_CREATED_AT = new Date(EPOCH_MS).toISOString();

/**
 * The sandbox's in-memory workspace. Every record is shaped exactly like the
 * generated response types, so routes return them as they are. Tests may read
 * it and add records directly; `reset()` puts back the seeded workspace.
 */
export class Store {
  private random: () => number;
  readonly users: User[] = [];
  readonly phoneNumbers: PhoneNumber[] = [];
  readonly messages: Message[] = [];
  readonly conversations: Conversation[] = [];
  readonly calls: Call[] = [];
  /** By call id, oldest segment first. */
  readonly recordings = new Map<string, CallRecording[]>();
  /** By call id. */
  readonly summaries = new Map<string, CallSummary>();
  /** By call id. */
  readonly transcripts = new Map<string, CallTranscript>();
  readonly contacts: Contact[] = [];
  /** The workspace's custom contact fields; contacts refer to them by `key`. */
  readonly customFields: ContactCustomField[] = [];
  readonly webhooks: Webhook[] = [];
  /** The dated API's webhooks, with their signing keys. */
  readonly versionedWebhooks: VersionedWebhookWithKey[] = [];
  /**
   * Sent messages that failed, by id: `retryable` ones may be retried, a
   * `permanent` failure (one with an error code) may not. The v1 message
   * schema has no `failed` status, so this is kept beside the record.
   */
  readonly failedMessages = new Map<string, 'retryable' | 'permanent'>();
  /** Each conversation's place in the inbox, changed by mark-as-read/done/open; the spec's conversation has no field for it. */
  readonly inbox = new Map<string, { status: 'open' | 'done'; unread: boolean }>();
  orgId = '';
  private sequence = 0;
  private elapsedSeconds = 0;

  constructor(
    readonly seed: number,
    /** Decides the form of new webhook keys: `whsec_…` for Standard Webhooks, bare base64 for the legacy scheme. */
    readonly webhookScheme: WebhookScheme = 'openphone-signature',
  ) {
    this.random = seededRandom(seed);
    seedWorkspace(this);
  }

  /** The seeded workspace again, with the same ids. */
  reset(): void {
    for (const list of [this.users, this.phoneNumbers, this.messages, this.conversations, this.calls, this.contacts, this.customFields, this.webhooks, this.versionedWebhooks]) {
      list.length = 0;
    }
    for (const map of [this.recordings, this.summaries, this.transcripts, this.failedMessages, this.inbox]) map.clear();
    this.random = seededRandom(this.seed);
    this.sequence = 0;
    this.elapsedSeconds = 0;
    seedWorkspace(this);
  }

  /** The workspace owner: the default user wherever the API defaults to one. */
  get owner(): User {
    return this.users[0]!;
  }

  /** A fresh id with the given prefix (`AC`, `PN`, ...), deterministic for a given seed. */
  nextId(prefix: string): string {
    this.sequence += 1;
    this.elapsedSeconds += 1;
    return `${prefix}${this.sequence.toString(36).padStart(4, '0')}${this.hex(4)}`;
  }

  /** `bytes` random bytes as hex, for ids the API gives no prefix (contacts). */
  hex(bytes: number): string {
    return Array.from(this.bytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** A webhook signing key in the form the sandbox's scheme uses. */
  webhookKey(): string {
    return this.webhookScheme === 'standard-webhooks' ? this.standardWebhooksKey() : Buffer.from(this.bytes(32)).toString('base64');
  }

  /** A `whsec_…` key, as Standard Webhooks (and the dated API's webhooks) use. */
  standardWebhooksKey(): string {
    return `whsec_${Buffer.from(this.bytes(32)).toString('base64')}`;
  }

  /** The workspace clock: one second on per new id, plus whatever `advance` added. */
  timestamp(offsetSeconds = 0): string {
    return new Date(EPOCH_MS + (this.elapsedSeconds + offsetSeconds) * 1000).toISOString();
  }

  /** A timestamp one second after the latest, for a record that changes without a new id. */
  tick(): string {
    this.elapsedSeconds += 1;
    return this.timestamp();
  }

  /** Moves the clock on, e.g. past a call's duration, so later records come after it. */
  advance(seconds: number): void {
    this.elapsedSeconds += seconds;
  }

  user(id: string): User | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** A workspace number by its `PN…` id or its E.164 number. */
  phoneNumber(idOrNumber: string): PhoneNumber | undefined {
    return this.phoneNumbers.find((n) => n.id === idOrNumber || n.number === idOrNumber);
  }

  call(id: string): Call | undefined {
    return this.calls.find((c) => c.id === id);
  }

  /** Ids of the contacts that have `number` among their phone numbers. */
  contactIdsFor(number: string): string[] {
    return this.contacts.filter((c) => c.defaultFields.phoneNumbers.some((p) => p.value === number)).map((c) => c.id);
  }

  /** Records a message and the activity on its conversation. */
  addMessage(message: Message): Conversation {
    this.messages.push(message);
    const others = message.direction === 'outgoing' ? message.to : [message.from];
    return this.touchConversation(message.phoneNumberId!, others, message.id, message.createdAt);
  }

  /** Records a call, its recordings, and the activity on its conversation. */
  addCall(call: Call, recordings: CallRecording[] = []): Conversation {
    this.calls.push(call);
    this.recordings.set(call.id, recordings);
    return this.touchConversation(call.phoneNumberId, call.participants, call.id, call.createdAt);
  }

  /** The conversation between a workspace number and these participants, created on first activity. */
  conversationBetween(phoneNumberId: string, participants: readonly string[]): Conversation | undefined {
    const key = [...participants].sort().join(',');
    return this.conversations.find((c) => c.phoneNumberId === phoneNumberId && [...c.participants].sort().join(',') === key);
  }

  /** The conversation a message of the workspace is part of. */
  conversationOf(message: Message): Conversation {
    return this.conversationBetween(message.phoneNumberId!, message.direction === 'outgoing' ? message.to : [message.from])!;
  }

  private touchConversation(phoneNumberId: string, participants: readonly string[], activityId: string, at: string): Conversation {
    let conversation = this.conversationBetween(phoneNumberId, participants);
    if (!conversation) {
      conversation = {
        id: this.nextId('CN'),
        phoneNumberId,
        participants: [...participants],
        name: this.contactName(participants),
        assignedTo: null,
        createdAt: at,
        updatedAt: at,
        deletedAt: null,
        lastActivityAt: at,
        lastActivityId: activityId,
        mutedUntil: null,
        snoozedUntil: null,
      };
      this.conversations.push(conversation);
      return conversation;
    }
    conversation.lastActivityAt = at;
    conversation.lastActivityId = activityId;
    conversation.updatedAt = at;
    return conversation;
  }

  /** Where a conversation stands in the inbox: open and unread until marked otherwise. */
  inboxState(conversationId: string): { status: 'open' | 'done'; unread: boolean } {
    let state = this.inbox.get(conversationId);
    if (!state) {
      state = { status: 'open', unread: true };
      this.inbox.set(conversationId, state);
    }
    return state;
  }

  /** A 1:1 conversation is named after the contact, as the app shows it. */
  private contactName(participants: readonly string[]): string | null {
    if (participants.length !== 1) return null;
    const contact = this.contacts.find((c) => c.id === this.contactIdsFor(participants[0]!)[0]);
    if (!contact) return null;
    return [contact.defaultFields.firstName, contact.defaultFields.lastName].filter(Boolean).join(' ') || null;
  }

  private bytes(count: number): Uint8Array {
    return Uint8Array.from({ length: count }, () => Math.floor(this.random() * 256));
  }
}
