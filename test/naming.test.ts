import { describe, expect, it } from 'vitest';
import { dottedName, ruleName, serveSurface } from '../scripts/naming.js';
import type { OperationDescriptor } from '../src/internal/operation-types.js';

const op = (method: OperationDescriptor['method'], path: string, operationId = `${method.toUpperCase()} ${path}`) => ({ operationId, method, path }) as OperationDescriptor;

const named = (operations: OperationDescriptor[], topLevel = false) => Object.fromEntries([...serveSurface(operations, topLevel)].map(([id, how]) => [id, `${how.kind} ${dottedName(how.name)}`]));

describe('the naming rule', () => {
  it('names the resource by literal segments and the method by verb and trailing parameter', () => {
    const notes = [op('get', '/contacts/{contactId}/notes'), op('post', '/contacts/{contactId}/notes'), op('get', '/contacts/{contactId}/notes/{noteId}')];
    const more = [op('patch', '/contacts/{contactId}/notes/{noteId}'), op('delete', '/contacts/{contactId}/notes/{noteId}')];
    const all = [...notes, ...more];
    expect(all.map((o) => dottedName(ruleName(o, all)))).toEqual(['contacts.notes.list', 'contacts.notes.create', 'contacts.notes.get', 'contacts.notes.update', 'contacts.notes.delete']);
  });

  it('reads a trailing segment that no list or child has as an action, in camelCase', () => {
    const all = [op('post', '/conversations/{conversationId}/mark-as-done'), op('post', '/webhooks/{webhookId}/rotate'), op('post', '/webhooks/{id}/events/{eventId}/retry')];
    expect(all.map((o) => dottedName(ruleName(o, all)))).toEqual(['conversations.markAsDone', 'webhooks.rotate', 'webhooks.events.retry']);
  });

  it('drops the version segment, camelCases resources, and takes a dotted operation id as the name', () => {
    const all = [op('get', '/v1/phone-numbers'), op('get', '/v1/call-recordings/{callId}'), op('patch', '/tasks/{taskId}/due-date', 'tasks.updateDueDate')];
    expect(all.map((o) => dottedName(ruleName(o, all)))).toEqual(['phoneNumbers.list', 'callRecordings.get', 'tasks.updateDueDate']);
  });

  it('takes names from scripts/method-names.ts where the rule reads badly', () => {
    expect(named([op('post', '/v1/webhooks/messages', 'createMessageWebhook_v1'), op('delete', '/tasks/{taskId}/users', 'unassign')])).toEqual({
      createMessageWebhook_v1: 'derived webhooks.createForMessages',
      unassign: 'derived tasks.unassignUser',
    });
  });

  it('on the top level, leaves a handwritten method its name: its own operation is handwritten, another is taken', () => {
    expect(named([op('post', '/contacts', 'createContact'), op('post', '/v2/contacts', 'createContactV2')], true)).toEqual({
      createContact: 'handwritten contacts.create',
      createContactV2: 'taken contacts.create',
    });
    expect(named([op('post', '/v2/contacts', 'createContactV2')], false)).toEqual({ createContactV2: 'derived contacts.create' });
  });

  it('refuses two operations with one name, naming both', () => {
    expect(() => serveSurface([op('get', '/things', 'a'), op('get', '/v2/things', 'b')], false)).toThrow(/a and b are both named things.list/);
  });
});
