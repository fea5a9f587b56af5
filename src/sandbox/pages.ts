/** Pages of a list by offset, behind opaque tokens: v1's page tokens and the dated API's cursors are both this. */
import { invalidField } from './responses.js';

/** `size` items after the position `token` names; `next` names the following page, `null` on the last one. */
export function offsetPage<T>(items: readonly T[], size: number, token: unknown, tokenParam: string): { data: T[]; next: string | null } {
  const offset = token === undefined || token === null ? 0 : decodeOffset(token, tokenParam);
  const end = offset + size;
  return { data: items.slice(offset, end), next: end < items.length ? Buffer.from(JSON.stringify({ offset: end })).toString('base64url') : null };
}

function decodeOffset(token: unknown, tokenParam: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the 400 below.
  }
  throw invalidField(tokenParam, token, `is not a ${tokenParam === 'after' ? 'cursor' : 'page token'} this API returned`, tokenParam === 'after' ? 'cursor' : tokenParam);
}

/** A list page: `nextPageToken` is `null` on the last one. `totalItems` counts every match. */
export interface PageBody<T> {
  data: T[];
  nextPageToken: string | null;
  totalItems: number;
}

/** Cuts `items` into pages of `maxResults`, with opaque tokens that carry the offset. */
export function page<T>(items: readonly T[], query: { maxResults: number; pageToken?: string }): PageBody<T> {
  const { data, next } = offsetPage(items, query.maxResults, query.pageToken, 'pageToken');
  return { data, nextPageToken: next, totalItems: items.length };
}
