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
 * is listed as taken.
 */
export const handwrittenMethods: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  messages: { send: 'POST /v1/messages', list: 'GET /v1/messages', get: 'GET /v1/messages/{id}' },
  calls: {
    list: 'GET /v1/calls',
    recordings: 'GET /v1/call-recordings/{callId}',
    summary: 'GET /v1/call-summaries/{callId}',
    transcript: 'GET /v1/call-transcripts/{id}',
  },
  contacts: {
    create: 'POST /v1/contacts',
    get: 'GET /v1/contacts/{id}',
    update: 'PATCH /v1/contacts/{id}',
    delete: 'DELETE /v1/contacts/{id}',
    list: 'GET /v1/contacts',
    customFields: 'GET /v1/contact-custom-fields',
  },
  conversations: { list: 'GET /v1/conversations' },
  phoneNumbers: { list: 'GET /v1/phone-numbers' },
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
  legacyWebhooks: {
    list: 'GET /v1/webhooks',
    get: 'GET /v1/webhooks/{id}',
    delete: 'DELETE /v1/webhooks/{id}',
    createForMessages: 'POST /v1/webhooks/messages',
    createForCalls: 'POST /v1/webhooks/calls',
    createForCallSummaries: 'POST /v1/webhooks/call-summaries',
    createForCallTranscripts: 'POST /v1/webhooks/call-transcripts',
  },
};
