import nock from 'nock';
import { afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError, type Call, type CallRecording, type CallSummary, type CallTranscript, type Page } from '../../src/index.js';
import { call, callRecording as recording, callSummary as summary, callTranscript as transcript } from '../fixtures/models.js';
import { apiClient, rejection } from '../helpers/nock-api.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('calls', () => {
  it('list sends the filters and pages', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/calls', 200, { data: [call], nextPageToken: 'n2', totalItems: 5 });
    reply('GET', '/v1/calls', 200, { data: [call], nextPageToken: null, totalItems: 5 });
    const page = await client.calls.list({ phoneNumberId: 'PN0001', participants: '+15555550123', createdBefore: '2025-02-01T00:00:00Z' });
    expectTypeOf(page).toEqualTypeOf<Page<Call>>();
    expect(requests[0]!.path).toBe('/v1/calls?phoneNumberId=PN0001&participants=%2B15555550123&createdBefore=2025-02-01T00%3A00%3A00Z&maxResults=100');
    const next = await page.nextPage();
    expect(next?.data).toEqual([call]);
    expect(requests[1]!.query.get('pageToken')).toBe('n2');
  });

  it('list checks participants as E.164 although the spec only says so in prose', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.calls.list({ phoneNumberId: 'PN0001', participants: '5555550123' }))) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'participants[0]', rule: 'e164' })]);
    expect(requests).toEqual([]);
  });

  it('list refuses more participants than the spec allows and a missing phoneNumberId', async () => {
    const { client } = apiClient();
    const error = (await rejection(
      // @ts-expect-error phoneNumberId is required
      client.calls.list({ participants: ['+15555550123', '+15555550124'] }),
    )) as ValidationError;
    expect(error.issues.map((i) => [i.field, i.rule])).toEqual([
      ['phoneNumberId', 'required'],
      ['participants', 'maxItems'],
    ]);
  });

  it('recordings, summary and transcript fetch by call id and unwrap', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/call-recordings/AC9001', 200, { data: [recording] });
    reply('GET', '/v1/call-summaries/AC9001', 200, { data: summary });
    reply('GET', '/v1/call-transcripts/AC9001', 200, { data: transcript });
    const recordings = await client.calls.recordings('AC9001');
    const fetchedSummary = await client.calls.summary('AC9001');
    const fetchedTranscript = await client.calls.transcript('AC9001');
    expectTypeOf(recordings).toEqualTypeOf<CallRecording[]>();
    expectTypeOf(fetchedSummary).toEqualTypeOf<CallSummary>();
    expectTypeOf(fetchedTranscript).toEqualTypeOf<CallTranscript>();
    expect([recordings, fetchedSummary, fetchedTranscript]).toEqual([[recording], summary, transcript]);
    expect(requests.map((r) => r.path)).toEqual(['/v1/call-recordings/AC9001', '/v1/call-summaries/AC9001', '/v1/call-transcripts/AC9001']);
  });

  it('refuses a call id that is not one', async () => {
    const { client, requests } = apiClient();
    for (const attempt of [client.calls.recordings('CN1'), client.calls.summary('CN1'), client.calls.transcript('CN1')]) {
      expect(await rejection(attempt)).toBeInstanceOf(ValidationError);
    }
    expect(requests).toEqual([]);
  });
});
