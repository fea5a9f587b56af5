import type { WebhookScheme } from '../webhooks/errors.js';
import type {
  V1Call as Call,
  V1CallRecording as CallRecording,
  CallSummary,
  V1CallTranscript as CallTranscript,
  V1Contact as Contact,
  ContactCustomField,
  V1Conversation as Conversation,
  V1Message as Message,
  V1PhoneNumber as PhoneNumber,
  VersionedWebhookWithKey,
  Webhook,
} from '../internal/types.js';
import { seededRandom } from './random.js';

/** A workspace member, as phone numbers list their users. */
export type PhoneNumberUser = PhoneNumber['users'][number];

/**
 * How the workspace stamps its records. `real`: the time of day, so clients
 * that look records up by time (`createdAfter = now - 5 min`) find them; the
 * seeded workspace is dated in the hour before the sandbox started. `fixed`:
 * 2025-01-01 on, one second per record, so a seed always gives the same data.
 */
export type SandboxClock = 'real' | 'fixed';

/** Where the fixed clock starts. */
const FIXED_EPOCH_MS = Date.UTC(2025, 0, 1);

/** How long before the start the real clock dates the seeded workspace: more than the seed spans. */
const SEED_LEAD_MS = 60 * 60 * 1000;

/** A voicemail as the sandbox keeps it: the recording's URL and, once processed, its transcript. */
export interface Voicemail {
  readonly id: string;
  /** Seconds. */
  readonly duration: number;
  readonly url: string;
  readonly transcript: string | null;
}

/** A record of a collection the sandbox infers from the spec (see `collections.ts`). */
export type StoredRecord = Record<string, unknown>;

/**
 * The sandbox's in-memory workspace. Every record is shaped exactly like the
 * generated response types, so routes return them as they are. Tests may read
 * it and add records directly; `reset()` puts back the seeded workspace.
 */
export class Store {
  private random: () => number;
  readonly users: PhoneNumberUser[] = [];
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
  /** The voicemail left on an unanswered call, by call id. */
  readonly voicemails = new Map<string, Voicemail>();
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
  /**
   * Records of the collections the spec has and the store has no list of its
   * own for (`/contacts/{contactId}/notes`, `/tasks`), by collection and
   * parent ids (see `collections.ts`).
   */
  readonly collections = new Map<string, StoredRecord[]>();
  /** Deleted tasks, out of the `tasks` collection: v1 still gets one by id, with `isDeleted: true`. */
  readonly deletedTasks: StoredRecord[] = [];
  orgId = '';
  /** When the workspace and its users were made. */
  createdAt = '';
  private sequence = 0;
  /** The latest time stamped, in ms; every new stamp comes after it. */
  private nowMs = 0;
  /** While the seeded workspace is laid out, the clock steps one second per record whatever the mode. */
  private seeding = false;

  /** An empty workspace: `seedWorkspace` fills it. */
  constructor(
    readonly seed: number,
    /** Decides the form of new webhook keys: `whsec_…` for Standard Webhooks, bare base64 for the legacy scheme. */
    readonly webhookScheme: WebhookScheme = 'openphone-signature',
    readonly clock: SandboxClock = 'real',
  ) {
    this.random = seededRandom(seed);
    this.clear();
  }

  /** Empties the workspace and restarts its ids and clock, for `seedWorkspace` to fill again with the same ids. */
  clear(): void {
    for (const list of [this.users, this.phoneNumbers, this.messages, this.conversations, this.calls, this.contacts, this.customFields, this.webhooks, this.versionedWebhooks, this.deletedTasks]) {
      list.length = 0;
    }
    for (const map of [this.recordings, this.summaries, this.transcripts, this.voicemails, this.failedMessages, this.inbox, this.collections]) map.clear();
    this.random = seededRandom(this.seed);
    this.sequence = 0;
    this.nowMs = this.clock === 'fixed' ? FIXED_EPOCH_MS : Date.now() - SEED_LEAD_MS;
    this.createdAt = new Date(this.nowMs).toISOString();
  }

  /** Runs `lay` with the clock stepping one second per record, as seeding needs in either mode. */
  laidOut(lay: () => void): void {
    this.seeding = true;
    try {
      lay();
    } finally {
      this.seeding = false;
    }
  }

  /**
   * The records of a collection (`contacts/{}/notes`, see `collections.ts`)
   * under these parent ids: the store's own list where it keeps one, else a
   * list of its own, made on first use.
   */
  records(collection: string, parentIds: readonly string[]): StoredRecord[] {
    const own = parentIds.length === 0 ? this.ownList(collection) : undefined;
    if (own) return own;
    const key = [collection, ...parentIds].join('|');
    let list = this.collections.get(key);
    if (!list) {
      list = [];
      this.collections.set(key, list);
    }
    return list;
  }

  /** The lists the store keeps typed, by collection path; v1's and the dated API's webhooks differ. */
  private ownList(collection: string): StoredRecord[] | undefined {
    const lists: Readonly<Record<string, readonly object[]>> = {
      messages: this.messages,
      calls: this.calls,
      contacts: this.contacts,
      'contact-custom-fields': this.customFields,
      conversations: this.conversations,
      'phone-numbers': this.phoneNumbers,
      users: this.users,
    };
    // Shared with the hand-written routes, which keep them in their generated shapes.
    return Object.hasOwn(lists, collection) ? (lists[collection] as StoredRecord[]) : undefined;
  }

  /** The workspace owner: the default user wherever the API defaults to one. */
  get owner(): PhoneNumberUser {
    return this.users[0]!;
  }

  /** A fresh id with the given prefix (`AC`, `PN`, ...), deterministic for a given seed. */
  nextId(prefix: string): string {
    this.sequence += 1;
    this.step();
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

  /** The latest stamp, `offsetSeconds` on (a call's answer and end come after its start). */
  timestamp(offsetSeconds = 0): string {
    return new Date(this.nowMs + offsetSeconds * 1000).toISOString();
  }

  /** A stamp after the latest, for a record that changes without a new id. */
  tick(): string {
    this.step();
    return this.timestamp();
  }

  /** Moves the clock on, e.g. past a call's duration, so later records come after it. */
  advance(seconds: number): void {
    this.nowMs += seconds * 1000;
  }

  /** The fixed clock (and seeding) step one second; the real clock reads the time, always after the latest stamp. */
  private step(): void {
    this.nowMs = this.clock === 'fixed' || this.seeding ? this.nowMs + 1000 : Math.max(Date.now(), this.nowMs + 1);
  }

  user(id: string): PhoneNumberUser | undefined {
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

  /** Records a message, naming its conversation (`conversationId`), and the activity on that conversation. */
  addMessage(message: Message): Conversation {
    this.messages.push(message);
    const others = message.direction === 'outgoing' ? message.to : [message.from];
    const conversation = this.touchConversation(message.phoneNumberId!, others, message.id, message.createdAt);
    message.conversationId = conversation.id;
    return conversation;
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
