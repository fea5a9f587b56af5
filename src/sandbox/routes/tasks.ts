/**
 * Tasks: one record, seen through both surfaces. v1 shows `completed` and
 * `isDeleted` and a string `revision`; the dated API shows `status` and an
 * integer `revision`. Each answer is shaped by its operation's schema from the
 * same record, so a change through either surface shows in the other. Every
 * change raises `revision` once and sends its `task.*` event; a request that
 * changes nothing (completing a completed task) does neither. A deleted task
 * leaves both lists and the dated API (404); v1 still gets it by id, with
 * `isDeleted: true`. Changing a deleted task is a 404. Lists and the dated
 * get are served by the generic collection (see `collections.ts`).
 */
import { envelope } from '../collections.js';
import { taskEvent, type EventPayloads, type TaskEventType } from '../events.js';
import { ApiProblem, invalidField, notFound, type Route, type RouteContext, type RouteResult } from '../responses.js';
import type { Store, StoredRecord } from '../store.js';

const COLLECTION = 'tasks';

const tasksOf = (store: Store) => store.records(COLLECTION, []);

/** The task by id, unless it does not exist or was deleted. */
export function liveTask(store: Store, taskId: string): StoredRecord | undefined {
  return tasksOf(store).find((t) => t.id === taskId);
}

function knownTask(context: RouteContext): StoredRecord {
  const taskId = context.params.taskId!;
  return liveTask(context.store, taskId) ?? fail(notFound('Task', taskId));
}

function fail(problem: ApiProblem): never {
  throw problem;
}

/** The record in the answer's shape: `taskId` for the operations that answer `{taskId, revision}`. */
function answer(context: RouteContext, task: StoredRecord): RouteResult {
  return { status: context.operation.successStatus, body: envelope(context.operation, { ...task, taskId: task.id }, context.store) };
}

/** Who changes tasks through the API: the workspace owner, whose key it is. */
const actor = (store: Store) => ({ actorId: store.owner.id });

/** Stamps a change: `updatedAt`, one more `revision`, and the v1 flags that follow `status`. */
function touch(task: StoredRecord, store: Store): void {
  task.updatedAt = store.tick();
  task.revision = (task.revision as number) + 1;
  task.completed = task.status === 'completed';
}

function body(context: RouteContext): StoredRecord {
  return (context.body ?? {}) as StoredRecord;
}

/** Refuses the first id that names nothing of the workspace; a list field names the item (`assigneeIds[1]`). */
function checkKnown(ids: readonly string[], field: string, known: (id: string) => boolean, kind: string): void {
  ids.forEach((id, i) => {
    if (!known(id)) throw invalidField(field.endsWith('s') ? `${field}[${i}]` : field, id, `is not ${kind} of this workspace`);
  });
}

const checkUsers = (store: Store, userIds: readonly string[], field: string) => checkKnown(userIds, field, (id) => store.user(id) !== undefined, 'a user');

const checkConversations = (store: Store, conversationIds: readonly string[], field: string) =>
  checkKnown(conversationIds, field, (id) => store.conversations.some((c) => c.id === id), 'a conversation');

/** A new open task; past the workspace's open-task limit, a 402. */
const create: Route = (context) => {
  const { store } = context;
  const request = body(context);
  const tasks = tasksOf(store);
  if (tasks.filter((t) => t.status !== 'completed').length >= context.openTasksLimit) {
    throw new ApiProblem(402, `Open Tasks Limit Reached: the workspace has ${context.openTasksLimit} open tasks, its limit; complete or delete some first`);
  }
  const assigneeIds = (request.assigneeIds as string[] | undefined) ?? [];
  checkUsers(store, assigneeIds, 'assigneeIds');
  const conversationIds = (request.conversationIds as string[] | undefined) ?? (typeof request.conversationId === 'string' ? [request.conversationId] : []);
  checkConversations(store, conversationIds, request.conversationIds === undefined ? 'conversationId' : 'conversationIds');
  if (typeof request.phoneNumberId === 'string' && !store.phoneNumber(request.phoneNumberId)) {
    throw invalidField('phoneNumberId', request.phoneNumberId, 'is not a phone number of this workspace');
  }
  const at = store.tick();
  const task: StoredRecord = {
    id: store.nextId('TK'),
    title: request.title,
    description: request.description ?? null,
    status: 'open',
    completed: false,
    isDeleted: false,
    revision: 1,
    dueDate: request.dueDate ?? null,
    assigneeIds: [...assigneeIds],
    conversationIds: [...conversationIds],
    phoneNumberId: request.phoneNumberId ?? null,
    activityId: request.activityId ?? null,
    createdBy: store.owner.id,
    createdAt: at,
    updatedAt: at,
  };
  tasks.push(task);
  const { title, description, dueDate } = task as { title: string; description: string | null; dueDate: string | null };
  context.emit(taskEvent(store, 'task.created', task, { id: task.id as string, title, description, dueDate }, actor(store)));
  return answer(context, task);
};

/** v1 gets a deleted task too, flagged `isDeleted`. */
const getV1: Route = (context) => {
  const taskId = context.params.taskId!;
  const task = liveTask(context.store, taskId) ?? context.store.deletedTasks.find((t) => t.id === taskId) ?? fail(notFound('Task', taskId));
  return answer(context, task);
};

/** Applies a change to a live task: when it changes something, stamps it and sends the events it makes. */
function changing(apply: (task: StoredRecord, request: StoredRecord, context: RouteContext) => ((task: StoredRecord) => EventPayloads[]) | undefined): Route {
  return (context) => {
    const task = knownTask(context);
    const events = apply(task, body(context), context);
    if (events) {
      touch(task, context.store);
      for (const event of events(task)) context.emit(event);
    }
    return answer(context, task);
  };
}

/** Title and description; `task.updated` says which changed. */
const update = changing((task, request, { store }) => {
  const titleChanged = request.title !== undefined && request.title !== task.title;
  const descriptionChanged = request.description !== undefined && request.description !== task.description;
  if (!titleChanged && !descriptionChanged) return undefined;
  if (titleChanged) task.title = request.title;
  if (descriptionChanged) task.description = request.description;
  const updatedFields = {
    title: titleChanged ? { isUpdated: true as const, updatedValue: task.title as string } : { isUpdated: false as const },
    description: descriptionChanged ? { isUpdated: true as const, updatedValue: task.description as string | null } : { isUpdated: false as const },
  };
  return (changed) => [taskEvent(store, 'task.updated', changed, { id: task.id as string, updatedFields }, actor(store))];
});

/** `completed` or `open`: `task.completed` or `task.reopened`. */
function settingStatus(status: (request: StoredRecord) => unknown): Route {
  return changing((task, request, { store }) => {
    const next = status(request);
    if (next === task.status) return undefined;
    task.status = next;
    return (changed) => [taskEvent(store, next === 'completed' ? 'task.completed' : 'task.reopened', changed, { id: task.id as string }, actor(store))];
  });
}

/** `ids` with `id` added (`add`) or removed; `undefined` when that changes nothing, which is no change to the task. */
function withOrWithout(ids: readonly string[], id: string, add: boolean): string[] | undefined {
  if (ids.includes(id) === add) return undefined;
  return add ? [...ids, id] : ids.filter((other) => other !== id);
}

/** Adds or removes the request's `userId` among the assignees. */
function assigning(assign: boolean): Route {
  return changing((task, request, { store }) => {
    const userId = request.userId as string;
    checkUsers(store, [userId], 'userId');
    const assignees = withOrWithout(task.assigneeIds as string[], userId, assign);
    if (!assignees) return undefined;
    task.assigneeIds = assignees;
    return (changed) => [
      assign
        ? taskEvent(store, 'task.assigned', changed, { id: task.id as string, assignedTo: userId }, actor(store))
        : taskEvent(store, 'task.unassigned', changed, { id: task.id as string, unassignedFrom: userId }, actor(store)),
    ];
  });
}

/** Links or unlinks the request's `conversationId`; the event names it in its context. */
function linking(link: boolean): Route {
  return changing((task, request, { store }) => {
    const conversationId = request.conversationId as string;
    checkConversations(store, [conversationId], 'conversationId');
    const linked = withOrWithout(task.conversationIds as string[], conversationId, link);
    if (!linked) return undefined;
    task.conversationIds = linked;
    return (changed) => [taskEvent(store, link ? 'task.linked' : 'task.unlinked', changed, { id: task.id as string }, { ...actor(store), conversationId })];
  });
}

const changeDueDate = changing((task, request, { store }) => {
  const dueDate = request.dueDate as string;
  if (dueDate === task.dueDate) return undefined;
  task.dueDate = dueDate;
  return (changed) => [taskEvent(store, 'task.duedate.updated', changed, { id: task.id as string, updatedDueDate: dueDate }, actor(store))];
});

const removeDueDate = changing((task, _request, { store }) => {
  if (task.dueDate === null) return undefined;
  task.dueDate = null;
  return (changed) => [taskEvent(store, 'task.duedate.removed', changed, { id: task.id as string }, actor(store))];
});

/** Out of the lists; v1 still gets it by id, flagged `isDeleted`. */
const remove: Route = (context) => {
  const { store } = context;
  const task = knownTask(context);
  const tasks = tasksOf(store);
  tasks.splice(tasks.indexOf(task), 1);
  task.isDeleted = true;
  touch(task, store);
  store.deletedTasks.push(task);
  context.emit(taskEvent(store, 'task.deleted', task, { id: task.id as string }, actor(store)));
  return { status: context.operation.successStatus };
};

const complete = settingStatus(() => 'completed');
const reopen = settingStatus(() => 'open');

/** The v1 task operations with behaviour of their own; `listTasks_v1` is a generic collection. */
export const v1TaskRoutes = {
  createTask_v1: create,
  getTaskById_v1: getV1,
  updateTask_v1: update,
  deleteTask_v1: remove,
  completeTask_v1: complete,
  reopenTask_v1: reopen,
  'POST /v1/tasks/{taskId}/assign': assigning(true),
  'POST /v1/tasks/{taskId}/unassign': assigning(false),
  'POST /v1/tasks/{taskId}/link-conversation': linking(true),
  'POST /v1/tasks/{taskId}/unlink-conversation': linking(false),
  'POST /v1/tasks/{taskId}/change-due-date': changeDueDate,
  'POST /v1/tasks/{taskId}/remove-due-date': removeDueDate,
} as const;

/** The dated task operations with behaviour of their own; `tasks.list` and `tasks.get` are a generic collection. */
export const datedTaskRoutes = {
  'tasks.create': create,
  'tasks.update': update,
  'tasks.delete': remove,
  'tasks.updateStatus': settingStatus((request) => request.status),
  'tasks.assignUser': assigning(true),
  'tasks.unassignUser': assigning(false),
  'tasks.linkConversation': linking(true),
  'tasks.unlinkConversation': linking(false),
  'tasks.updateDueDate': changeDueDate,
  'tasks.deleteDueDate': removeDueDate,
} as const;

/** A sample of a task event for a test delivery: about the latest task, or an example one when the workspace has none. */
export function taskTestEvent(store: Store, type: TaskEventType): EventPayloads {
  const at = store.timestamp();
  const task: StoredRecord = tasksOf(store).at(-1) ?? { id: 'TK0000example', title: 'Call the customer back', description: null, dueDate: at, assigneeIds: [], conversationIds: [], updatedAt: at };
  const id = task.id as string;
  const dueDate = (task.dueDate as string | null) ?? at;
  const userId = (task.assigneeIds as string[])[0] ?? store.owner.id;
  const resources: { readonly [Type in TaskEventType]: Parameters<typeof taskEvent<Type>>[3] } = {
    'task.created': { id, title: task.title as string, description: task.description as string | null, dueDate: task.dueDate as string | null },
    'task.updated': { id, updatedFields: { title: { isUpdated: true, updatedValue: task.title as string }, description: { isUpdated: false } } },
    'task.deleted': { id },
    'task.completed': { id },
    'task.reopened': { id },
    'task.assigned': { id, assignedTo: userId },
    'task.unassigned': { id, unassignedFrom: userId },
    'task.overdue': { id, dueDate },
    'task.linked': { id },
    'task.unlinked': { id },
    'task.duedate.updated': { id, updatedDueDate: dueDate },
    'task.duedate.removed': { id },
  };
  return taskEvent(store, type, task, resources[type] as never, actor(store));
}
