/**
 * How the sandbox makes messages and calls, the same way for the seeded
 * workspace, the API routes and simulated events.
 */
import type { V1Call as Call, V1CallRecording as CallRecording, V1Message as Message, V1PhoneNumber as PhoneNumber } from '../internal/types.js';
import type { Store } from './store.js';

export interface MessageInput {
  readonly phoneNumber: PhoneNumber;
  /** The other parties, E.164. */
  readonly participants: readonly string[];
  readonly direction: Message['direction'];
  readonly text: string;
  /** Defaults to the number's first user. */
  readonly userId?: string;
  readonly status: Message['status'];
}

export function createMessage(store: Store, input: MessageInput): Message {
  const { phoneNumber, participants, direction } = input;
  const id = store.nextId('AC');
  const at = store.timestamp();
  const message: Message = {
    id,
    to: direction === 'outgoing' ? [...participants] : [phoneNumber.number],
    from: direction === 'outgoing' ? phoneNumber.number : participants[0]!,
    text: input.text,
    phoneNumberId: phoneNumber.id,
    direction,
    userId: input.userId ?? phoneNumber.users[0]!.id,
    status: input.status,
    createdAt: at,
    updatedAt: at,
  };
  store.addMessage(message);
  return message;
}

export interface CallInput {
  readonly phoneNumber: PhoneNumber;
  /** The other party, E.164. */
  readonly participant: string;
  readonly direction: Call['direction'];
  /** Seconds of conversation; 0 for a call nobody answered. */
  readonly duration: number;
  /** The user on the workspace side. Defaults to the number's first user. */
  readonly userId?: string;
}

/** Seconds a call rings before it is answered. */
const RING_SECONDS = 5;

/**
 * A finished call. An answered one has a completed recording; an unanswered
 * incoming call is `missed`, an unanswered outgoing one `no-answer`. The
 * store's clock moves past the call's end.
 */
export function createCompletedCall(store: Store, input: CallInput): Call {
  const { phoneNumber, direction, duration } = input;
  const userId = input.userId ?? phoneNumber.users[0]!.id;
  const id = store.nextId('AC');
  const createdAt = store.timestamp();
  const answered = duration > 0;
  const answeredAt = answered ? store.timestamp(RING_SECONDS) : null;
  const completedAt = store.timestamp(RING_SECONDS + duration);
  const call: Call = {
    id,
    phoneNumberId: phoneNumber.id,
    participants: [input.participant],
    direction,
    status: answered ? 'completed' : direction === 'incoming' ? 'missed' : 'no-answer',
    userId,
    createdAt,
    updatedAt: completedAt,
    answeredAt,
    answeredBy: answered && direction === 'incoming' ? userId : null,
    initiatedBy: direction === 'outgoing' ? userId : null,
    completedAt,
    duration,
    forwardedFrom: null,
    forwardedTo: null,
  };
  const recordings: CallRecording[] = [];
  if (answered) {
    const recordingId = store.nextId('CR');
    recordings.push({
      id: recordingId,
      duration,
      startTime: answeredAt,
      status: 'completed',
      type: 'audio/mpeg',
      url: `https://storage.example.com/recordings/${recordingId}.mp3`,
    });
  }
  store.addCall(call, recordings);
  store.advance(RING_SECONDS + duration);
  return call;
}
