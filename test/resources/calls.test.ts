import { describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError, type Call, type CallRecording, type CallSummary, type CallTranscript, type CursorPage } from '../../src/index.js';
import { call, callRecording as v1Recording, callSummary as summary, callTranscript as v1Transcript, datedCall } from '../fixtures/models.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

const recording: CallRecording = { id: 'RC1', url: 'https://example.com/r.mp3', type: 'audio/mpeg', duration: 60, status: 'completed', startTime: '2025-01-01T00:00:05.000Z' };
const transcript: CallTranscript = { callId: 'AC9001', status: 'completed', duration: 60, dialogue: [{ content: 'Hi', start: 0, end: 1, identifier: '+15555550123' }] };

describe('calls (dated API)', () => {
  it('list sends bracket filters as the API expects and pages by cursor', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/calls', 200, { data: [datedCall], nextCursor: 'n2' });
    reply('GET', '/calls', 200, { data: [datedCall], nextCursor: null });
    const page = await client.calls.list({ phoneNumberId: 'PN0001', 'participant[in]': ['+15555550123', '+15555550124'], 'createdAt[lte]': '2025-02-01T00:00:00Z' });
    expectTypeOf(page).toEqualTypeOf<CursorPage<Call>>();
    expect(requests[0]!.query.get('participant[in]')).toBe('+15555550123,+15555550124');
    expect(requests[0]!.query.get('createdAt[lte]')).toBe('2025-02-01T00:00:00Z');
    expect(requests[0]!.path).toContain('%2B15555550123');
    const next = await page.nextPage();
    expect(next?.data).toEqual([datedCall]);
    expect(requests[1]!.query.get('after')).toBe('n2');
  });

  it('list checks participants as E.164', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.calls.list({ 'participant[in]': '5555550123' }))) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'participant[in][0]', value: '5555550123' })]);
    expect(requests).toEqual([]);
  });

  it('list refuses v1 filters, naming client.v1.calls.list', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.calls.list({ participants: '+15555550123', createdBefore: '2025-02-01T00:00:00Z' } as never))) as ValidationError;
    expect(error.issues.map((i) => [i.field, i.rule])).toEqual([
      ['participants', 'v1Field'],
      ['createdBefore', 'v1Field'],
    ]);
    expect(error.message).toContain('client.v1.calls.list');
    expect(requests).toEqual([]);
  });

  it('get, recordings and transcripts read the dated paths; summary stays on v1', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/calls/AC9001', 200, { data: datedCall });
    reply('GET', '/calls/AC9001/recordings', 200, { data: [recording] });
    reply('GET', '/calls/AC9001/transcripts', 200, { data: [transcript] });
    reply('GET', '/v1/call-summaries/AC9001', 200, { data: summary });
    const found = await client.calls.get('AC9001');
    const recordings = await client.calls.recordings('AC9001');
    const transcripts = await client.calls.transcripts('AC9001');
    const fetchedSummary = await client.calls.summary('AC9001');
    expectTypeOf(found).toEqualTypeOf<Call>();
    expectTypeOf(recordings).toEqualTypeOf<CallRecording[]>();
    expectTypeOf(transcripts).toEqualTypeOf<CallTranscript[]>();
    expectTypeOf(fetchedSummary).toEqualTypeOf<CallSummary>();
    expect([found, recordings, transcripts, fetchedSummary]).toEqual([datedCall, [recording], [transcript], summary]);
    expect(requests.map((r) => r.path)).toEqual(['/calls/AC9001', '/calls/AC9001/recordings', '/calls/AC9001/transcripts', '/v1/call-summaries/AC9001']);
  });

  it('refuses a call id that is not one', async () => {
    const { client, requests } = apiClient();
    for (const attempt of [client.calls.recordings('CN1'), client.calls.summary('CN1'), client.calls.transcripts('CN1')]) {
      expect(await rejection(attempt)).toBeInstanceOf(ValidationError);
    }
    expect(requests).toEqual([]);
  });
});

describe('client.v1.calls and its sub-resources keep the v1 shapes', () => {
  it('list pages by token with participants', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/calls', 200, { data: [call], nextPageToken: null, totalItems: 1 });
    const page = await client.v1.calls.list({ phoneNumberId: 'PN0001', participants: '+15555550123', createdBefore: '2025-02-01T00:00:00Z' });
    expect(page.data).toEqual([call]);
    expect(requests[0]!.path).toBe('/v1/calls?phoneNumberId=PN0001&participants=%2B15555550123&createdBefore=2025-02-01T00%3A00%3A00Z&maxResults=100');
  });

  it('recordings and transcript by call id', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/call-recordings/AC9001', 200, { data: [v1Recording] });
    reply('GET', '/v1/call-transcripts/AC9001', 200, { data: v1Transcript });
    expect(await client.v1.callRecordings.get('AC9001')).toEqual([v1Recording]);
    expect(await client.v1.callTranscripts.get('AC9001')).toEqual(v1Transcript);
    expect(requests.map((r) => r.path)).toEqual(['/v1/call-recordings/AC9001', '/v1/call-transcripts/AC9001']);
  });
});
