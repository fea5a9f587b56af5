import type { PagePromise } from '../pagination.js';
import type { Conversation, QueryParams } from '../types.js';
import { Conversations as DerivedConversations } from '../../generated/2026-03-30.resources.js';
import { asOptionalList, defined, isoDate, type ListOptions, type ListParams } from './resource.js';

export type ListConversationsParams = ListParams<
  'listConversations_v1',
  'phoneNumbers',
  'createdAfter' | 'createdBefore' | 'updatedAfter' | 'updatedBefore',
  'phoneNumber'
>;

/** Conversations: `list` on v1, handwritten; the dated API's derived methods (`markAsRead`, `markAsDone`, `markAsOpen`) from the base. */
export class Conversations extends DerivedConversations {
  /** Conversations, optionally filtered; await for a page, or `for await` for all. */
  list(params: ListConversationsParams = {}, options: ListOptions = {}): PagePromise<Conversation> {
    return this.paginate('listConversations_v1', () => {
      const given = this.readFilters('listConversations_v1', params);
      return {
        fetchPage: ({ position, pageSize }, init) => {
        const phoneNumbers = asOptionalList(given.phoneNumbers);
        const query: QueryParams<'listConversations_v1'> = defined({
          phoneNumbers,
          userId: given.userId,
          excludeInactive: given.excludeInactive,
          createdAfter: isoDate(given.createdAfter),
          createdBefore: isoDate(given.createdBefore),
          updatedAfter: isoDate(given.updatedAfter),
          updatedBefore: isoDate(given.updatedBefore),
          maxResults: pageSize!,
          pageToken: position,
        });
        this.validate('listConversations_v1', { query });
        return this.raw.GET('/v1/conversations', { params: { query }, ...init });
        },
        options,
        pageSize: given.maxResults,
        start: given.pageToken,
      };
    });
  }
}
