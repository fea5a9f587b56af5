/**
 * The workspace every sandbox starts with. Its content is fixed (so it can be
 * documented); its ids depend on the seed.
 */
import type { V1Call as Call, ContactCustomField, V1PhoneNumber as PhoneNumber } from '../internal/types.js';
import type { WebhookScheme } from '../webhooks/errors.js';
import { createContact } from './contacts.js';
import { createCompletedCall, createMessage } from './records.js';
import { Store, type SandboxClock, type PhoneNumberUser } from './store.js';

/** The seeded workspace numbers, in the order `listPhoneNumbers` returns them. */
export const SEEDED_NUMBERS = { main: '+15555550100', support: '+15555550101' } as const;

/** The seeded contacts' numbers: each has a conversation with a workspace number. */
export const SEEDED_CONTACT_NUMBERS = {
  ada: '+14155550123',
  grace: '+12125550188',
  alan: '+13125550142',
  katherine: '+447700900123',
} as const;

/** A caller with no contact, whose conversation the workspace deleted: the one inactive conversation. */
export const SEEDED_UNKNOWN_NUMBER = '+13125550199';

const CUSTOM_FIELDS: readonly ContactCustomField[] = [
  { name: 'Inbound Lead', key: 'inbound-lead', type: 'boolean' },
  { name: 'Tier', key: 'tier', type: 'multi-select' },
  { name: 'Seats', key: 'seats', type: 'number' },
  { name: 'Renewal date', key: 'renewal-date', type: 'date' },
  { name: 'Website', key: 'website', type: 'url' },
  { name: 'Office', key: 'office', type: 'address' },
  { name: 'Notes', key: 'notes', type: 'string' },
];

/** Ada's thread with the main line, long enough to page through (24 messages, the first incoming). */
const ADA_THREAD = [
  'Hi! Is the 3pm slot on Thursday still open?',
  'Hi Ada, it is. Shall I book it for you?',
  'Yes please, for two people.',
  'Done: Thursday 3pm, two people.',
  'Thanks! Is there parking nearby?',
  'There is a garage on 5th Street, two minutes away.',
  'Perfect. Do you take cards?',
  'We take all major cards.',
  'Great, see you Thursday.',
  'See you then!',
  'Running ten minutes late, sorry.',
  'No problem, we will hold the table.',
  'Thank you for today, it was lovely.',
  'Glad you enjoyed it! Hope to see you again.',
  'Could I book the same slot next week?',
  'Thursday 3pm next week is free. Two people again?',
  'Three this time, if possible.',
  'Booked for three.',
  'Can I move it to 4pm?',
  'Moved to 4pm.',
  'Thanks a lot.',
  'You are welcome!',
  'One more thing: is there a vegetarian menu?',
  'Yes, we have a full vegetarian menu.',
];

/** What was said on the seeded answered calls, and the summary of it. */
interface WriteUp {
  readonly lines: readonly (readonly ['user' | 'participant', string])[];
  readonly summary: readonly string[];
  readonly nextSteps: readonly string[];
}

const WRITE_UPS = {
  booking: {
    lines: [
      ['participant', 'Hi, this is Ada. I booked for Thursday at 3.'],
      ['user', 'Hi Ada, yes, I have you down for two.'],
      ['participant', 'Could we get a table by the window?'],
      ['user', 'Of course, I will note that.'],
    ],
    summary: ['Ada confirmed her Thursday 3pm booking for two.', 'She asked for a window table.'],
    nextSteps: ['Reserve a window table.'],
  },
  confirmation: {
    lines: [
      ['user', 'Hi Ada, calling to confirm three people next Thursday.'],
      ['participant', 'Yes, three. Thank you!'],
    ],
    summary: ['Confirmed the booking for three next Thursday.'],
    nextSteps: [],
  },
  support: {
    lines: [
      ['user', 'Hi Alan, this is Adam from support.'],
      ['participant', 'Thanks for calling. It will not power on at all.'],
      ['user', 'Please hold the power button for ten seconds.'],
      ['participant', 'That worked, it is starting up.'],
    ],
    summary: ['Alan could not power on his device.', 'A long press on the power button fixed it.'],
    nextSteps: ['Follow up in a week.'],
  },
} satisfies Record<string, WriteUp>;

/** A workspace with the seeded content, its ids drawn from `seed`. */
export function seededStore(seed: number, scheme: WebhookScheme, clock: SandboxClock): Store {
  const store = new Store(seed, scheme, clock);
  seedWorkspace(store);
  return store;
}

/** Empties `store` and lays out the seeded workspace again, with the same ids. */
export function seedWorkspace(store: Store): void {
  store.clear();
  store.laidOut(() => layOut(store));
}

function layOut(store: Store): void {
  store.orgId = store.nextId('OR');
  const groupId = store.nextId('GR');
  const user = (firstName: string, lastName: string, role: string): PhoneNumberUser => {
    const member = { id: store.nextId('US'), groupId, email: `${firstName.toLowerCase()}@example.com`, firstName, lastName, role };
    store.users.push(member);
    return member;
  };
  const owner = user('Olive', 'Owner', 'owner');
  const admin = user('Adam', 'Admin', 'admin');
  const member = user('Mia', 'Member', 'member');

  const main = phoneNumber(store, 'Main line', SEEDED_NUMBERS.main, [owner, member], '📞');
  const support = phoneNumber(store, 'Support', SEEDED_NUMBERS.support, [owner, admin], '🛟');

  store.customFields.push(...CUSTOM_FIELDS.map((field) => ({ ...field })));
  const { ada, grace, alan, katherine } = SEEDED_CONTACT_NUMBERS;
  contact(store, owner, ['Ada', 'Lovelace', 'Analytical Engines', 'Founder'], 'ada@example.com', ada, 'crm-1001', 'public-api', {
    'inbound-lead': true,
    tier: ['gold'],
    seats: 12,
  });
  contact(store, owner, ['Grace', 'Hopper', 'Compilers Inc.', 'Engineer'], 'grace@example.com', grace, 'crm-1002', 'public-api', {
    'renewal-date': '2025-06-30T00:00:00.000Z',
    website: 'https://compilers.example.com',
  });
  contact(store, admin, ['Alan', 'Turing', 'Bletchley Labs', null], null, alan, 'crm-1003', 'crm-sync', {
    office: '1 Park Lane, Bletchley',
    notes: 'Prefers calls in the morning.',
  });
  contact(store, admin, ['Katherine', 'Johnson', null, null], null, katherine, 'crm-1004', 'crm-sync', {});
  // Made in the app: no external id and no source.
  contact(store, member, ['Hedy', 'Lamarr', null, 'Inventor'], 'hedy@example.com', null, null, null, {});

  ADA_THREAD.forEach((text, i) => {
    const direction = i % 2 === 0 ? 'incoming' : 'outgoing';
    createMessage(store, { phoneNumber: main, participants: [ada], direction, text, status: 'delivered' });
    if (i === 9) {
      const call = createCompletedCall(store, { phoneNumber: main, participant: ada, direction: 'incoming', duration: 95 });
      writeUp(store, call, main, WRITE_UPS.booking);
    }
    if (i === 17) {
      const call = createCompletedCall(store, { phoneNumber: main, participant: ada, direction: 'outgoing', duration: 42, userId: member.id });
      writeUp(store, call, main, WRITE_UPS.confirmation);
    }
  });

  createMessage(store, { phoneNumber: main, participants: [grace], direction: 'outgoing', text: 'Hi Grace, your order is ready for pickup.', status: 'delivered' });
  createMessage(store, { phoneNumber: main, participants: [grace], direction: 'incoming', text: 'Great, I will come by at 5.', status: 'delivered' });
  createCompletedCall(store, { phoneNumber: main, participant: grace, direction: 'incoming', duration: 0 });
  createMessage(store, { phoneNumber: main, participants: [grace], direction: 'outgoing', text: 'Sorry we missed your call. We are open until 6.', status: 'delivered' });

  createMessage(store, { phoneNumber: support, participants: [alan], direction: 'incoming', text: 'My device will not turn on.', status: 'delivered' });
  createMessage(store, { phoneNumber: support, participants: [alan], direction: 'outgoing', text: 'Sorry to hear that. I will call you now.', status: 'delivered', userId: admin.id });
  const supportCall = createCompletedCall(store, { phoneNumber: support, participant: alan, direction: 'outgoing', duration: 310, userId: admin.id });
  writeUp(store, supportCall, support, WRITE_UPS.support);

  createMessage(store, { phoneNumber: support, participants: [katherine], direction: 'incoming', text: 'Do you ship to the UK?', status: 'delivered' });

  createMessage(store, { phoneNumber: main, participants: [SEEDED_UNKNOWN_NUMBER], direction: 'incoming', text: 'You have won a prize!', status: 'delivered' });
  const spam = store.conversationBetween(main.id, [SEEDED_UNKNOWN_NUMBER])!;
  spam.deletedAt = store.timestamp();
}

function phoneNumber(store: Store, name: string, number: string, users: PhoneNumberUser[], symbol: string): PhoneNumber {
  const id = store.nextId('PN');
  const createdAt = store.timestamp();
  const record: PhoneNumber = {
    id,
    groupId: users[0]!.groupId,
    createdAt,
    updatedAt: createdAt,
    name,
    number,
    formattedNumber: `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`,
    forward: null,
    portRequestId: null,
    portingStatus: null,
    symbol,
    users,
    restrictions: {
      messaging: { CA: 'unrestricted', US: 'unrestricted', Intl: 'restricted' },
      calling: { CA: 'unrestricted', US: 'unrestricted', Intl: 'restricted' },
    },
  };
  store.phoneNumbers.push(record);
  return record;
}

function contact(
  store: Store,
  createdBy: PhoneNumberUser,
  [firstName, lastName, company, role]: [string, string, string | null, string | null],
  email: string | null,
  phone: string | null,
  externalId: string | null,
  source: string | null,
  customFields: Record<string, unknown>,
): void {
  const created = createContact(store, {
    defaultFields: {
      firstName,
      lastName,
      company,
      role,
      emails: email ? [{ name: 'work', value: email }] : [],
      phoneNumbers: phone ? [{ name: 'mobile', value: phone }] : [],
    },
    customFields: Object.entries(customFields).map(([key, value]) => ({ key, value }) as { key: string; value: string | null }),
    createdByUserId: createdBy.id,
    externalId,
    ...(externalId && { sourceUrl: `https://crm.example.com/contacts/${externalId}` }),
  });
  created.source = source;
}

/** A completed summary and transcript for an answered call; each transcript line takes six seconds. */
export function writeUp(store: Store, call: Call, phoneNumber: PhoneNumber, { lines, summary, nextSteps }: WriteUp): void {
  store.summaries.set(call.id, { callId: call.id, status: 'completed', summary: [...summary], nextSteps: [...nextSteps] });
  store.transcripts.set(call.id, {
    callId: call.id,
    createdAt: call.completedAt!,
    duration: call.duration,
    status: 'completed',
    dialogue: lines.map(([speaker, content], i) => ({
      content,
      start: i * 6,
      end: i * 6 + 5.5,
      identifier: speaker === 'user' ? phoneNumber.number : call.participants[0]!,
      userId: speaker === 'user' ? call.userId : null,
    })),
  });
}
