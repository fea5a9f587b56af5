/**
 * The few names the naming rule (scripts/naming.ts) cannot give well, and
 * what the handwritten classes of `src/resources/` already own. Operations are
 * keyed by `METHOD /path`, as the spec writes them.
 */

/** Where the derived name reads badly: `resource.method`, or `resource.sub.method`. */
export const renamed: Readonly<Record<string, string>> = {
  // v1 has one webhook create per family of events; the rule would call them `webhooks.messages()` and so on.
  'POST /v1/webhooks/messages': 'webhooks.createForMessages',
  'POST /v1/webhooks/calls': 'webhooks.createForCalls',
  'POST /v1/webhooks/call-summaries': 'webhooks.createForCallSummaries',
  'POST /v1/webhooks/call-transcripts': 'webhooks.createForCallTranscripts',
  // Removes one assignee; `tasks.users.delete` would read as deleting users.
  'DELETE /tasks/{taskId}/users': 'tasks.unassignUser',
  // A sub-collection read whole from its parent reads as the parent's method: `calls.recordings(callId)`, not `calls.recordings.list(callId)`.
  'GET /calls/{callId}/recordings': 'calls.recordings',
  'GET /calls/{callId}/transcripts': 'calls.transcripts',
  'GET /phone-numbers/{phoneNumberId}/users': 'phoneNumbers.users',
  'GET /phone-numbers/available': 'phoneNumbers.available',
  'GET /users/{userId}/phone-numbers': 'users.phoneNumbers',
  // The one organization of the key; there is no list of them.
  'GET /organization': 'organization.get',
};

/**
 * Operations only a handwritten method serves, because it does more than one
 * request's worth: the method, then why.
 */
export const handwrittenOnly: Readonly<Record<string, { readonly method: string; readonly reason: string }>> = {
  'POST /v1/messages': {
    method: 'messages.send',
    reason: 'checks E.164 numbers and the optional segment and cost guard before sending, and is never retried blindly (the API has no idempotency key)',
  },
};

/**
 * The methods of the handwritten top-level classes in `src/resources/`, by
 * resource, each with the operation it calls. A derived method of the
 * top-level (dated) surface never takes one of these names: such an operation
 * is listed as taken. The top level calls the dated API wherever it covers the
 * need; a method here on v1 is one only v1 has.
 */
export const handwrittenMethods: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Sending is v1's alone.
  messages: { send: 'POST /v1/messages' },
  // The dated API gives a call's summary only as an untyped `include` of `calls.get`; v1 types it with its status.
  calls: { summary: 'GET /v1/call-summaries/{callId}' },
  // `create` and `update` check the contact's phone numbers as E.164, which the spec leaves to prose; custom-field definitions are v1's alone.
  contacts: {
    create: 'POST /contacts',
    update: 'PATCH /contacts/{contactId}',
    customFields: 'GET /v1/contact-custom-fields',
  },
  // `get`, `list` and `update` name the versioned webhook as one model, where the spec answers a union per event family;
  // the rest are today's names for operations the derived `webhooks.rotate` and `webhooks.events.*` also serve.
  webhooks: {
    get: 'GET /webhooks/{webhookId}',
    list: 'GET /webhooks',
    update: 'PATCH /webhooks/{webhookId}',
    rotateSecret: 'POST /webhooks/{webhookId}/rotate',
    deliveries: 'GET /webhooks/{webhookId}/events',
    delivery: 'GET /webhooks/{webhookId}/events/{eventId}',
    retryDelivery: 'POST /webhooks/{webhookId}/events/{eventId}/retry',
    sendTestEvent: 'POST /webhooks/{webhookId}/events/test',
  },
};
