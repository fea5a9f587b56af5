import type { PagePromise } from '../pagination.js';
import type { Conversation, QueryParams } from '../types.js';
import { Resource, asOptionalList, defined, isoDate, type ListOptions, type ListParams } from './resource.js';

export type ListConversationsParams = ListParams<
  'listConversations_v1',
  'phoneNumbers',
  'createdAfter' | 'createdBefore' | 'updatedAfter' | 'updatedBefore',
  'phoneNumber'
>;

export class Conversations extends Resource {
  /** Conversations, optionally filtered; await for a page, or `for await` for all. */
  list(params: ListConversationsParams = {}, options: ListOptions = {}): PagePromise<Conversation> {
    return this.paginate(
      'listConversations_v1',
      ({ position, pageSize }, init) => {
        const phoneNumbers = asOptionalList(params.phoneNumbers);
        const query: QueryParams<'listConversations_v1'> = defined({
          phoneNumbers,
          userId: params.userId,
          excludeInactive: params.excludeInactive,
          createdAfter: isoDate(params.createdAfter),
          createdBefore: isoDate(params.createdBefore),
          updatedAfter: isoDate(params.updatedAfter),
          updatedBefore: isoDate(params.updatedBefore),
          maxResults: pageSize!,
          pageToken: position,
        });
        this.validate('listConversations_v1', { query });
        return this.raw.GET('/v1/conversations', { params: { query }, ...init });
      },
      { ...options, pageSize: params.maxResults, start: params.pageToken },
    );
  }
}
