import type { PagePromise } from '../core/pagination.js';
import type { PhoneNumber, QueryParams } from '../internal/types.js';
import { PhoneNumbers as DerivedPhoneNumbers } from '../../generated/2026-03-30.resources.js';
import type { ListOptions } from './resource.js';

export type ListPhoneNumbersParams = QueryParams<'listPhoneNumbers_v1'>;

export class PhoneNumbers extends DerivedPhoneNumbers {
  /** The workspace's phone numbers (one page: the API returns them all). */
  list(params?: ListPhoneNumbersParams, options: ListOptions = {}): PagePromise<PhoneNumber> {
    return this.listOperation('listPhoneNumbers_v1', [], params, options);
  }
}
