import { ValidationError, describeValue } from '../core/errors.js';
import { e164Issue } from '../lib/phone/e164.js';
import type { V1Call as Call, V1Message as Message, V1PhoneNumber as PhoneNumber } from '../internal/types.js';
import type { WebhookScheme } from '../webhooks/errors.js';
import type { WebhookDeliveryRecord, WebhookDispatcher } from './deliveries.js';
import { callEvent, messageEvent, taskEvent, type CallEventType, type EventPayloads, type SimulatedEvent } from './events.js';
import { createCompletedCall, createMessage } from './records.js';
import { writeUp } from './seed.js';
import type { Store, StoredRecord } from './store.js';
import { liveTask } from './routes/tasks.js';

export interface ReceivedMessageInput {
  /** The sender, in E.164. */
  readonly from: string;
  /** The workspace number it was sent to: its `PN…` id or E.164 number. Default: the first workspace number. */
  readonly to?: string;
  readonly text: string;
}

export interface CompletedCallInput {
  /** The other party, in E.164. */
  readonly participant: string;
  /** The workspace number: its `PN…` id or E.164 number. Default: the first workspace number. */
  readonly phoneNumber?: string;
  /** Default `incoming`. */
  readonly direction?: 'incoming' | 'outgoing';
  /** Seconds of conversation; 0 for a call nobody answered (missed, or no answer). Default 60. */
  readonly duration?: number;
  /** The user on the workspace side; must be a user of the number. Default: the number's first user. */
  readonly userId?: string;
  /** The phone menu key the caller pressed (`"1"`), for `call.menu.selected`. */
  readonly menuSelection?: string;
  /** Where the number forwarded the call, in E.164, for `call.forwarded`. */
  readonly forwardedTo?: string;
  /** Seconds of voicemail the caller left on an unanswered call, for `call.voicemail.completed`. Default: none. */
  readonly voicemailDuration?: number;
}

/** What a simulation did: the record as the API now returns it, the event, and how each delivery went. */
export interface Simulation<Data> {
  readonly data: Data;
  /** The event's payload, in the envelope of the sandbox's webhook scheme. */
  readonly event: SimulatedEvent;
  /** One per subscribed webhook; empty when no webhook subscribes to the event. */
  readonly deliveries: readonly WebhookDeliveryRecord[];
}

/** A simulation as `POST /_sandbox/simulate` takes it: the event type, and that method's input. */
export type SimulationRequest =
  | ({ readonly event: 'message.received' } & ReceivedMessageInput)
  | { readonly event: 'message.delivered'; readonly messageId: string }
  | ({ readonly event: 'call.completed' } & CompletedCallInput)
  | { readonly event: 'task.overdue'; readonly taskId: string };

/**
 * Makes things happen that only the phone network can cause, then tells the
 * subscribed webhooks. Each method updates the workspace, signs the event
 * with every subscribed webhook's `key` and POSTs it; the promise resolves
 * once every delivery has answered or failed (failures are reported in the
 * result and in `stats.deliveries`, never thrown). Invalid input throws a
 * `ValidationError` before anything changes.
 */
export interface SandboxSimulator {
  /** An SMS arrives from `from`: it appears in `listMessages` and its conversation, and `message.received` is delivered. */
  messageReceived(input: ReceivedMessageInput): Promise<Simulation<Message>>;
  /** A sent message reaches the recipient: its status becomes `delivered`, and `message.delivered` is delivered. */
  messageDelivered(messageId: string): Promise<Simulation<Message>>;
  /**
   * A call rings and ends: it appears in `listCalls`, and its events are
   * delivered in the order they happen: `call.ringing`, `call.menu.selected`
   * and `call.forwarded` when asked for, `call.answered` or (incoming)
   * `call.missed`, `call.completed`, then for an answered call its recording,
   * transcript and summary (`call.*.completed`), for a voicemail
   * `call.voicemail.completed`. `event` is the `call.completed` payload.
   */
  callCompleted(input: CompletedCallInput): Promise<Simulation<Call>>;
  /** A task's due date passes while it is open: `task.overdue` is delivered. */
  taskOverdue(taskId: string): Promise<Simulation<StoredRecord>>;
}

/** What a simulated answered call was about. */
const SIMULATED_WRITE_UP = {
  lines: [
    ['user', 'Hello, thanks for calling. How can I help?'],
    ['participant', 'Hi, I am calling to check on my order.'],
  ],
  summary: ['The caller asked about their order.'],
  nextSteps: ['Send the order status by text.'],
} as const;

function reject(field: string, value: unknown, rule: string, message: string): never {
  throw new ValidationError([{ field, value, rule, message: `${describeValue(value)} ${message}` }]);
}

function requireE164(value: unknown, field: string): string {
  const issue = e164Issue(value, field);
  if (issue) throw new ValidationError([issue]);
  return value as string;
}

export class Simulator implements SandboxSimulator {
  constructor(
    private readonly store: Store,
    private readonly dispatcher: WebhookDispatcher,
    private readonly scheme: WebhookScheme,
  ) {}

  async messageReceived(input: ReceivedMessageInput): Promise<Simulation<Message>> {
    const from = requireE164(input.from, 'from');
    const phoneNumber = this.workspaceNumber(input.to, 'to');
    if (typeof input.text !== 'string' || input.text === '') reject('text', input.text, 'type', 'must be a non-empty string');
    const message = createMessage(this.store, { phoneNumber, participants: [from], direction: 'incoming', text: input.text, status: 'delivered' });
    return this.announce(message, messageEvent(this.store, 'message.received', message, this.store.conversationOf(message)));
  }

  async messageDelivered(messageId: string): Promise<Simulation<Message>> {
    const message = this.store.messages.find((m) => m.id === messageId);
    if (!message) reject('messageId', messageId, 'exists', 'is not a message of this workspace');
    if (message.direction !== 'outgoing') reject('messageId', messageId, 'direction', 'is an incoming message; only sent messages are delivered');
    message.status = 'delivered';
    message.updatedAt = this.store.tick();
    return this.announce(message, messageEvent(this.store, 'message.delivered', message, this.store.conversationOf(message)));
  }

  async callCompleted(input: CompletedCallInput): Promise<Simulation<Call>> {
    const participant = requireE164(input.participant, 'participant');
    const phoneNumber = this.workspaceNumber(input.phoneNumber, 'phoneNumber');
    const { direction = 'incoming', duration = 60, userId, menuSelection, forwardedTo, voicemailDuration } = input;
    if (direction !== 'incoming' && direction !== 'outgoing') reject('direction', direction, 'enum', "must be 'incoming' or 'outgoing'");
    if (!Number.isInteger(duration) || duration < 0) reject('duration', duration, 'minimum', 'must be a whole number of seconds >= 0');
    if (userId !== undefined && !phoneNumber.users.some((u) => u.id === userId)) {
      reject('userId', userId, 'exists', `is not a user of ${phoneNumber.number}`);
    }
    if (menuSelection !== undefined && (typeof menuSelection !== 'string' || menuSelection === '')) reject('menuSelection', menuSelection, 'type', 'must be a non-empty string');
    if (forwardedTo !== undefined) requireE164(forwardedTo, 'forwardedTo');
    if (voicemailDuration !== undefined && (!Number.isInteger(voicemailDuration) || voicemailDuration <= 0 || duration > 0 || direction !== 'incoming')) {
      reject('voicemailDuration', voicemailDuration, 'voicemail', 'must be a whole number of seconds > 0, on an unanswered incoming call');
    }
    const call = createCompletedCall(this.store, { phoneNumber, participant, direction, duration, userId });
    if (forwardedTo !== undefined) Object.assign(call, { forwardedFrom: phoneNumber.number, forwardedTo });
    const answered = call.answeredAt !== null;
    if (answered) writeUp(this.store, call, phoneNumber, SIMULATED_WRITE_UP);
    if (voicemailDuration !== undefined) {
      const id = this.store.nextId('VM');
      this.store.voicemails.set(call.id, { id, duration: voicemailDuration, url: `https://storage.example.com/voicemails/${id}.mp3`, transcript: 'Hi, please call me back when you can.' });
    }
    const conversation = this.store.conversationBetween(phoneNumber.id, call.participants)!;
    const types: CallEventType[] = [
      'call.ringing',
      ...(menuSelection === undefined ? [] : ['call.menu.selected' as const]),
      ...(forwardedTo === undefined ? [] : ['call.forwarded' as const]),
      ...(answered ? ['call.answered' as const] : direction === 'incoming' ? ['call.missed' as const] : []),
      'call.completed',
      ...(answered ? (['call.recording.completed', 'call.transcript.completed', 'call.summary.completed'] as const) : []),
      ...(voicemailDuration === undefined ? [] : ['call.voicemail.completed' as const]),
    ];
    const deliveries: WebhookDeliveryRecord[] = [];
    let completed: EventPayloads | undefined;
    // One after another, as they happen: a receiver sees the ringing before the end.
    for (const type of types) {
      const event = callEvent(this.store, type, call, phoneNumber, conversation, { menuSelection });
      if (type === 'call.completed') completed = event;
      deliveries.push(...(await this.dispatcher.deliver(event)));
    }
    return structuredClone({ data: call, event: completed!.payload(this.scheme), deliveries });
  }

  async taskOverdue(taskId: string): Promise<Simulation<StoredRecord>> {
    const task = liveTask(this.store, taskId) ?? reject('taskId', taskId, 'exists', 'is not a task of this workspace');
    if (typeof task.dueDate !== 'string') reject('taskId', taskId, 'dueDate', 'has no due date, so it cannot be overdue');
    if (task.status === 'completed') reject('taskId', taskId, 'status', 'is completed; only open tasks become overdue');
    const owner = (task.assigneeIds as string[] | undefined)?.[0] ?? (task.createdBy as string | null | undefined) ?? this.store.owner.id;
    return this.announce(task, taskEvent(this.store, 'task.overdue', task, { id: taskId, dueDate: task.dueDate }, { actorId: owner }));
  }

  /**
   * A sent message fails, as a carrier error makes it: a `permanent` failure is
   * `message.undelivered`, another `message.failed`. An id that is not a sent
   * message throws at once, before the promise.
   */
  messageFailed(messageId: string, permanent: boolean): Promise<Simulation<Message>> {
    const message = this.store.messages.find((m) => m.id === messageId && m.direction === 'outgoing');
    if (!message) reject('messageId', messageId, 'exists', 'is not a sent message of this workspace');
    this.store.failedMessages.set(message.id, permanent ? 'permanent' : 'retryable');
    message.updatedAt = this.store.tick();
    return this.announce(message, messageEvent(this.store, permanent ? 'message.undelivered' : 'message.failed', message, this.store.conversationOf(message)));
  }

  /** Runs a simulation described as data, as the control endpoint receives it. */
  run(request: SimulationRequest): Promise<Simulation<Message | Call | StoredRecord>> {
    switch (request?.event) {
      case 'message.received':
        return this.messageReceived(request);
      case 'message.delivered':
        return this.messageDelivered(request.messageId);
      case 'call.completed':
        return this.callCompleted(request);
      case 'task.overdue':
        return this.taskOverdue(request.taskId);
      default:
        return reject('event', (request as { event?: unknown } | undefined)?.event, 'enum', "must be 'message.received', 'message.delivered', 'call.completed' or 'task.overdue'");
    }
  }

  private workspaceNumber(idOrNumber: string | undefined, field: string): PhoneNumber {
    if (idOrNumber === undefined) return this.store.phoneNumbers[0]!;
    return this.store.phoneNumber(idOrNumber) ?? reject(field, idOrNumber, 'exists', 'is not a phone number of this workspace');
  }

  /** Delivers the event; the result holds copies, so changing it never changes the workspace. */
  private async announce<Data>(data: Data, event: EventPayloads): Promise<Simulation<Data>> {
    const deliveries = await this.dispatcher.deliver(event);
    return structuredClone({ data, event: event.payload(this.scheme), deliveries });
  }
}
