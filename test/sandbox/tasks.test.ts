/**
 * A task is one record seen through both surfaces: v1's `completed`,
 * `isDeleted` and string `revision`, the dated API's `status` and integer
 * `revision`. A change through either shows in the other, and raises
 * `revision` once; a request that changes nothing leaves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations as v1Operations } from '../../generated/v1.operations.js';
import { NotFoundError, type OpenPhone } from '../../src/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { seeded, startWithClient } from './helpers.js';

let sandbox: Sandbox;
let client: OpenPhone;

beforeAll(async () => {
  ({ sandbox, client } = await startWithClient('tasks-key'));
});
afterAll(() => sandbox.close());

/** The fields v1's task declares: where a spec says less of it, the v1 view is checked on what it says. */
const v1TaskFields = new Set(Object.keys(v1Operations.getTaskById_v1.responseSchema?.properties?.['data']?.properties ?? {}));
const inV1 = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([name]) => v1TaskFields.has(name)));

/** The task as each surface shows it. */
async function bothViews(taskId: string) {
  const [v1, dated] = await Promise.all([client.v1.tasks.get(taskId), client.tasks.get(taskId)]);
  return { v1, dated };
}

describe('tasks on both surfaces', () => {
  it('keep one record: status against completed, a revision that rises once per change, on either surface', async () => {
    const conversationId = sandbox.store.conversations.find((c) => c.phoneNumberId === seeded(sandbox).main.id)!.id;
    const created = await client.tasks.create({ title: 'Send the quote', conversationIds: [conversationId] });
    expect(created).toMatchObject({ status: 'open', revision: 1 });
    expect(await bothViews(created.id)).toMatchObject({
      v1: inV1({ id: created.id, title: 'Send the quote', completed: false, isDeleted: false, revision: '1' }),
      dated: { id: created.id, status: 'open', revision: 1 },
    });
    if (!v1TaskFields.has('status')) expect((await client.v1.tasks.get(created.id)) as object).not.toHaveProperty('status');
    expect((await client.tasks.get(created.id)) as object).not.toHaveProperty('completed');

    expect(await client.v1.tasks.complete(created.id)).toEqual({ taskId: created.id, revision: '2' });
    expect(await bothViews(created.id)).toMatchObject({ v1: inV1({ completed: true, revision: '2' }), dated: { status: 'completed', revision: 2 } });

    // Completing a completed task changes nothing.
    expect(await client.v1.tasks.complete(created.id)).toEqual({ taskId: created.id, revision: '2' });
    expect(await client.tasks.updateStatus(created.id, { status: 'completed' })).toEqual({ taskId: created.id, revision: 2 });

    expect(await client.tasks.updateStatus(created.id, { status: 'open' })).toEqual({ taskId: created.id, revision: 3 });
    expect(await bothViews(created.id)).toMatchObject({ v1: inV1({ completed: false, revision: '3' }), dated: { status: 'open', revision: 3 } });

    await client.v1.tasks.update(created.id, { title: 'Send the quote today' });
    expect(await bothViews(created.id)).toMatchObject({ v1: inV1({ title: 'Send the quote today', revision: '4' }), dated: { title: 'Send the quote today', revision: 4 } });
  });

  it('keep a deleted task for v1 by id, flagged isDeleted, and out of both lists and the dated API', async () => {
    const conversationId = sandbox.store.conversations.find((c) => c.phoneNumberId === seeded(sandbox).main.id)!.id;
    const { id: taskId } = await client.tasks.create({ title: 'Archive the old quote', conversationIds: [conversationId] });
    await client.tasks.delete(taskId);

    expect(await client.v1.tasks.get(taskId)).toMatchObject(inV1({ id: taskId, isDeleted: true, revision: '2' }));
    await expect(client.tasks.get(taskId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.v1.tasks.complete(taskId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.v1.tasks.list().toArray()).map((t) => t.id)).not.toContain(taskId);
    expect((await client.tasks.list().toArray()).map((t) => t.id)).not.toContain(taskId);
  });

  it('refuse an assignee or a conversation the workspace lacks, naming the item, and change nothing', async () => {
    const { owner } = seeded(sandbox);
    const before = (await client.tasks.list().toArray()).length;
    await expect(client.tasks.create({ title: 'Call back', assigneeIds: [owner.id, 'USnobody00000'] })).rejects.toThrow(/assigneeIds\[1\].*USnobody00000.*is not a user of this workspace/s);
    await expect(client.tasks.create({ title: 'Call back', conversationIds: ['CNnowhere0000'] })).rejects.toThrow(/conversationIds\[0\].*CNnowhere0000.*is not a conversation/s);
    expect(await client.tasks.list().toArray()).toHaveLength(before);
  });
});
