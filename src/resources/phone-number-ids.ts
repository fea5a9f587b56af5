/**
 * One of the workspace's numbers in E.164 where an operation asks for a
 * `phoneNumberId`: looked up in the workspace's numbers, cached per client,
 * and sent as its `PN…` id.
 */
import { ValidationError, describeValue, type ValidationIssue } from '../core/errors.js';
import type { OperationDescriptor } from '../internal/operation-types.js';
import { isE164 } from '../lib/phone/e164.js';
import type { PhoneNumber } from '../internal/types.js';
import type { RequestParts } from '../internal/validation/request.js';
import { refOf } from './operation-request.js';
import { isRecord } from '../internal/validation/is-record.js';

/** The ids of those of `numbers` that are the workspace's, by number; the others are left out. */
export type PhoneNumberIdsOf = (numbers: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Lists the workspace's numbers, with the options of the call that needs them. */
export type ListPhoneNumbers = () => AsyncIterable<Pick<PhoneNumber, 'id' | 'number'>>;

/**
 * The workspace's numbers and their ids, listed with `list` when first
 * needed and again, once per lookup, when a number is not among them (one
 * added since). Concurrent lookups share one listing.
 */
export class PhoneNumberDirectory {
  #ids: ReadonlyMap<string, string> | undefined;
  #loading: Promise<ReadonlyMap<string, string>> | undefined;

  async idsOf(numbers: readonly string[], list: ListPhoneNumbers): Promise<ReadonlyMap<string, string>> {
    const known = this.#ids;
    const ids = known && numbers.every((number) => known.has(number)) ? known : await this.#refresh(list);
    return new Map(numbers.flatMap((number) => (ids.has(number) ? [[number, ids.get(number)!] as const] : [])));
  }

  async #refresh(list: ListPhoneNumbers): Promise<ReadonlyMap<string, string>> {
    const joined = this.#loading;
    if (joined) {
      // Another call's listing may fail for its own reasons (its signal, its timeout): then this call lists with its own.
      try {
        return await joined;
      } catch {}
    }
    const loading = this.#fetch(list);
    this.#loading = loading;
    try {
      const ids = await loading;
      this.#ids = ids;
      return ids;
    } finally {
      if (this.#loading === loading) this.#loading = undefined;
    }
  }

  async #fetch(list: ListPhoneNumbers): Promise<ReadonlyMap<string, string>> {
    const ids = new Map<string, string>();
    for await (const listed of list()) if (listed.number) ids.set(listed.number, listed.id);
    return ids;
  }
}

/** Whether a field of this name takes a phone number id, and so one of the workspace's numbers in E.164 instead: `phoneNumberId` and its list filters (`phoneNumberId[in]`). */
export function takesPhoneNumberId(name: string): boolean {
  return name === 'phoneNumberId' || name.startsWith('phoneNumberId[');
}

/** Where `operation` takes a phone number id: path, query and body fields. */
function phoneNumberIdFields(operation: OperationDescriptor): { readonly location: 'path' | 'query' | 'body'; readonly name: string }[] {
  const parameters = operation.parameters.filter((parameter) => (parameter.in === 'path' || parameter.in === 'query') && takesPhoneNumberId(parameter.name));
  const body = Object.keys(operation.requestBody?.schema?.properties ?? {}).filter(takesPhoneNumberId);
  return [...parameters.map((parameter) => ({ location: parameter.in as 'path' | 'query', name: parameter.name })), ...body.map((name) => ({ location: 'body' as const, name }))];
}

/**
 * `request` with each E.164 number given for a phone number id replaced by
 * that number's id; nothing is looked up when there is none (a `PN…` id passes
 * as it is). A number that is not the workspace's is a `ValidationError`
 * naming the field. Other values are left for validation to judge.
 */
export async function withPhoneNumberIds(operation: OperationDescriptor, request: RequestParts, idsOf: PhoneNumberIdsOf): Promise<RequestParts> {
  const given = phoneNumberIdFields(operation).flatMap(({ location, name }) => {
    const fields = fieldsOf(request, location);
    return fields?.[name] === undefined ? [] : [{ location, name, value: fields[name] }];
  });
  const numbers = [...new Set(given.flatMap(({ value }) => (Array.isArray(value) ? value : [value])).filter(isE164))];
  if (numbers.length === 0) return request;
  const ids = await idsOf(numbers);
  const issues: ValidationIssue[] = [];
  const idOf = (item: unknown, field: string) => {
    if (!isE164(item)) return item;
    const id = ids.get(item);
    if (id === undefined) issues.push(notYours(field, item));
    return id ?? item;
  };
  const resolved: Record<string, unknown> = { ...request };
  for (const { location, name, value } of given) {
    const replaced = Array.isArray(value) ? value.map((item, index) => idOf(item, `${name}[${index}]`)) : idOf(value, name);
    resolved[location] = { ...fieldsOf(resolved as RequestParts, location), [name]: replaced };
  }
  if (issues.length > 0) throw new ValidationError(issues, { operation: refOf(operation) });
  return resolved as RequestParts;
}

/** The named fields of one part of a request; none for a body that is not an object. */
function fieldsOf(request: RequestParts, location: 'path' | 'query' | 'body'): Readonly<Record<string, unknown>> | undefined {
  const fields = request[location];
  return isRecord(fields) ? fields : undefined;
}

function notYours(field: string, value: string): ValidationIssue {
  return {
    field,
    value,
    rule: 'workspaceNumber',
    message: `${describeValue(value)} is not one of the workspace's phone numbers; \`client.phoneNumbers.list()\` lists them with their ids`,
  };
}
