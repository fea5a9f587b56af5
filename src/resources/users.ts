import type { APIPromise } from '../api-promise.js';
import type { CursorPage, PagePromise } from '../pagination.js';
import type { QueryParams, User } from '../types.js';
import { Resource, defined, type ListOptions, type ListParams, type RequestOptions } from './resource.js';

export type ListUsersParams = ListParams<'listUsers'>;

/** The workspace's users (dated API). */
export class Users extends Resource {
  /** Every user, by cursor; the page size defaults to the largest the spec allows. Resume with `after`. */
  list(params: ListUsersParams = {}, options: ListOptions = {}): PagePromise<User, CursorPage<User>> {
    return this.paginate<User, CursorPage<User>>('listUsers', () => {
      const given = this.readFilters('listUsers', params);
      return {
        fetchPage: ({ position, pageSize }, init) => {
          const query: QueryParams<'listUsers'> = defined({ limit: pageSize, after: position });
          this.validate('listUsers', { query });
          return this.raw.GET('/users', { params: { query }, ...init });
        },
        options,
        pageSize: given.limit,
        start: given.after,
      };
    });
  }

  /** One user by id (`US…`). */
  get(userId: string, options: RequestOptions = {}): APIPromise<User> {
    const path = { userId };
    return this.data('getUserById', { path }, (init) => this.raw.GET('/users/{userId}', { params: { path }, ...init }), options);
  }
}
