import type { PagePromise } from '../pagination.js';
import type { PhoneNumber, QueryParams } from '../types.js';
import { PhoneNumbers as DerivedPhoneNumbers } from '../../generated/2026-03-30.resources.js';
import { defined, type ListOptions } from './resource.js';

export type ListPhoneNumbersParams = QueryParams<'listPhoneNumbers_v1'>;

export class PhoneNumbers extends DerivedPhoneNumbers {
  /** The workspace's phone numbers (one page: the API returns them all). */
  list(params: ListPhoneNumbersParams = {}, options: ListOptions = {}): PagePromise<PhoneNumber> {
    return this.single('listPhoneNumbers_v1', () => {
      const query = defined({ userId: this.readFilters('listPhoneNumbers_v1', params).userId });
      return {
        fetch: (init) => {
          this.validate('listPhoneNumbers_v1', { query });
          return this.raw.GET('/v1/phone-numbers', { params: { query }, ...init });
        },
        options,
      };
    });
  }
}
