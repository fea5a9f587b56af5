import { createMessage } from '../records.js';
import { ApiProblem, invalidField, listedPhoneNumber, matchesActivity, ok, queryOf, requestBody, type Route } from '../responses.js';
import { page } from '../pages.js';

/**
 * A send is accepted (202) as `queued`, naming its conversation (a group one
 * for several recipients); it appears in `listMessages` and on that
 * conversation at once. `simulate.messageDelivered` (or the sandbox's
 * `deliverSentMessages` option) marks it delivered.
 */
export const sendMessage_v1: Route = (context) => {
  const { store } = context;
  const request = requestBody(context, 'sendMessage_v1');
  const phoneNumber = store.phoneNumber(request.from);
  if (!phoneNumber) throw invalidField('from', request.from, 'is not a phone number of this workspace');
  if (request.userId !== undefined && !phoneNumber.users.some((u) => u.id === request.userId)) {
    throw new ApiProblem(403, `User ${request.userId} is not a user of ${phoneNumber.number}`);
  }
  const message = createMessage(store, {
    phoneNumber,
    participants: request.to,
    direction: 'outgoing',
    text: request.content,
    userId: request.userId,
    status: 'queued',
  });
  return ok('sendMessage_v1', { data: message });
};

/** Oldest first ("a chronological list", as documented), between the number and exactly these participants. */
export const listMessages_v1: Route = (context) => {
  const { store } = context;
  const query = queryOf(context, 'listMessages_v1');
  const phoneNumber = listedPhoneNumber(store, query.phoneNumberId);
  const matching = store.messages.filter((m) => matchesActivity(m, m.direction === 'outgoing' ? m.to : [m.from], phoneNumber, query));
  return ok('listMessages_v1', page(matching, query));
};
