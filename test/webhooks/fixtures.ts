/**
 * Payloads shaped like the ones OpenPhone documents, one per event family.
 * `satisfies` makes the compiler check the event types against them.
 */
import type { LegacyCallCompletedEvent, LegacyCallTranscriptCompletedEvent, LegacyMessageReceivedEvent } from '../../src/webhooks/events-legacy.js';
import type { CallCompletedEvent, ContactUpdatedEvent, MessageReceivedEvent, TaskAssignedEvent } from '../../src/webhooks/events-versioned.js';

export const legacyMessageReceived = {
  id: 'EVa1b2c3d4e5f60718293a4b5c6d7e8f90',
  object: 'event',
  apiVersion: 'v4',
  createdAt: '2026-03-02T09:15:30.120Z',
  type: 'message.received',
  data: {
    object: {
      id: 'ACf0e1d2c3b4a5968778695a4b3c2d1e0f',
      object: 'message',
      from: '+14155550123',
      to: ['+12125550188'],
      direction: 'incoming',
      text: 'Is the 3pm slot still open?',
      status: 'received',
      createdAt: '2026-03-02T09:15:29.980Z',
      userId: 'USq2w3e4r5',
      phoneNumberId: 'PNz9x8c7v6',
      contactIds: ['64f0c1d2e3a4b5c6d7e8f901'],
    },
  },
} as const satisfies LegacyMessageReceivedEvent;

export const legacyCallCompleted = {
  id: 'EV0011223344556677889900aabbccddee',
  object: 'event',
  apiVersion: 'v4',
  createdAt: '2026-03-02T10:01:12.000Z',
  type: 'call.completed',
  data: {
    object: {
      id: 'AC99887766554433221100ffeeddccbbaa',
      object: 'call',
      direction: 'incoming',
      status: 'completed',
      createdAt: '2026-03-02T10:00:00.000Z',
      answeredAt: null,
      completedAt: '2026-03-02T10:01:10.000Z',
      duration: 0,
      participants: ['+14155550123'],
      phoneNumberId: 'PNz9x8c7v6',
      userId: 'USq2w3e4r5',
      voicemail: { url: 'https://files.example.com/voicemail.mp3', type: 'audio/mpeg', duration: 14 },
    },
  },
} as const satisfies LegacyCallCompletedEvent;

export const legacyCallTranscriptCompleted = {
  id: 'EV5566778899aabbccddeeff0011223344',
  object: 'event',
  apiVersion: 'v4',
  createdAt: '2026-03-02T10:05:00.000Z',
  type: 'call.transcript.completed',
  data: {
    object: {
      callId: 'AC99887766554433221100ffeeddccbbaa',
      object: 'callTranscript',
      createdAt: '2026-03-02T10:04:40.000Z',
      dialogue: [{ content: 'Hi, calling about my order.', start: 0.4, end: 2.9, identifier: '+14155550123' }],
      duration: 3,
      status: 'completed',
    },
  },
} as const satisfies LegacyCallTranscriptCompletedEvent;

export const messageReceived = {
  id: 'EVmsg0001',
  apiVersion: '2026-03-30',
  createdAt: '2026-04-10T08:00:00.000Z',
  type: 'message.received',
  data: {
    resource: {
      id: 'ACmsg0001',
      direction: 'incoming',
      text: 'Running ten minutes late',
      media: [],
      status: 'received',
      createdAt: '2026-04-10T08:00:00.000Z',
    },
    context: {
      orgId: 'ORworkspace1',
      phoneNumberId: 'PNmain0001',
      conversationId: 'CNconv0001',
      userId: 'USowner01',
      contacts: { ids: ['CTcontact01'], lookupStatus: 'matched' },
      senderIdentifier: '+14155550123',
      recipientIdentifiers: ['+12125550188'],
    },
    links: { quo: 'https://my.quo.com/inbox/PNmain0001/c/CNconv0001' },
  },
} as const satisfies MessageReceivedEvent;

export const callCompleted = {
  id: 'EVcall0001',
  apiVersion: '2026-03-30',
  createdAt: '2026-04-10T09:30:00.000Z',
  type: 'call.completed',
  data: {
    resource: {
      id: 'ACcall0001',
      direction: 'outgoing',
      status: 'answered',
      createdAt: '2026-04-10T09:28:00.000Z',
      answeredAt: '2026-04-10T09:28:05.000Z',
      completedAt: '2026-04-10T09:30:00.000Z',
      updatedAt: '2026-04-10T09:30:00.000Z',
      duration: 115,
      hasVoicemail: false,
    },
    context: {
      orgId: 'ORworkspace1',
      phoneNumberId: 'PNmain0001',
      conversationId: 'CNconv0001',
      phoneNumberType: 'shared',
      userId: 'USowner01',
      contacts: { ids: [], lookupStatus: 'none' },
      participants: { workspace: ['+12125550188'], external: ['+14155550123'], resolution: 'available' },
    },
    links: { quo: null },
  },
} as const satisfies CallCompletedEvent;

export const contactUpdated = {
  id: 'EVcontact01',
  apiVersion: '2026-03-30',
  createdAt: '2026-04-11T12:00:00.000Z',
  type: 'contact.updated',
  data: {
    resource: {
      id: 'CTcontact01',
      firstName: 'Ada',
      lastName: null,
      company: 'Analytical Engines',
      role: null,
      location: null,
      source: null,
      externalId: null,
      emails: [{ value: 'ada@example.com', type: 'email' }],
      phoneNumbers: [{ value: '+14155550123', type: 'phone-number' }],
      customFields: [
        { name: 'Tier', key: 'tier', id: 'cf1', type: 'multi-select', value: ['gold'] },
        { name: 'Opted in', key: 'opted-in', type: 'boolean', value: true },
      ],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-04-11T12:00:00.000Z',
    },
    context: { orgId: 'ORworkspace1', userId: 'USowner01', sharedWithIds: [] },
    links: { quo: 'https://my.quo.com/contacts/CTcontact01' },
  },
} as const satisfies ContactUpdatedEvent;

export const taskAssigned = {
  id: 'EVtask0002',
  apiVersion: '2026-03-30',
  createdAt: '2026-04-12T07:05:00.000Z',
  type: 'task.assigned',
  data: {
    resource: { id: 'TKtask0001', assignedTo: 'USagent002' },
    context: {
      orgId: 'ORworkspace1',
      actorId: 'USowner01',
      phoneNumberId: 'PNmain0001',
      conversationId: 'CNconv0001',
      activityId: 'ACmsg0001',
      phoneNumberGroupId: null,
    },
    links: { quo: null },
  },
} as const satisfies TaskAssignedEvent;

/** A type the SDK does not describe, in the current envelope. */
export const unknownTypeEvent = {
  id: 'EVinvoice01',
  apiVersion: '2026-03-30',
  createdAt: '2026-04-12T07:00:00.000Z',
  type: 'invoice.paid',
  data: { resource: { id: 'INinvoice01' }, context: { orgId: 'ORworkspace1' }, links: { quo: null } },
} as const;
