import { listedPhoneNumber, matchesActivity, notFound, ok, queryOf, type Route } from '../responses.js';
import { page } from '../pages.js';
import type { Store } from '../store.js';

/** Oldest first, like messages: the calls between the number and the participant. */
export const listCalls_v1: Route = (context) => {
  const { store } = context;
  const query = queryOf(context, 'listCalls_v1');
  const phoneNumber = listedPhoneNumber(store, query.phoneNumberId);
  const matching = store.calls.filter((c) => matchesActivity(c, c.participants, phoneNumber, query));
  return ok('listCalls_v1', page(matching, query));
};

function knownCall(store: Store, callId: string): string {
  if (!store.call(callId)) throw notFound('Call', callId);
  return callId;
}

/** Empty for a call nobody answered; 404 for a call id the workspace does not have. */
export const getCallRecordings_v1: Route = ({ store, params }) => {
  const callId = knownCall(store, params.callId!);
  return ok('getCallRecordings_v1', { data: store.recordings.get(callId) ?? [] });
};

/** 404 for an unknown call, and for a call without a summary (seeded answered calls have one). */
export const getCallSummary_v1: Route = ({ store, params }) => {
  const summary = store.summaries.get(knownCall(store, params.callId!));
  if (!summary) throw notFound('Summary for call', params.callId!);
  return ok('getCallSummary_v1', { data: summary });
};

/** 404 for an unknown call, and for a call without a transcript (seeded answered calls have one). */
export const getCallTranscript_v1: Route = ({ store, params }) => {
  const transcript = store.transcripts.get(knownCall(store, params.id!));
  if (!transcript) throw notFound('Transcript for call', params.id!);
  return ok('getCallTranscript_v1', { data: transcript });
};
