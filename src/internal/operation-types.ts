/**
 * Shapes of the operation tables that `scripts/generate.ts` writes to
 * `generated/<surface>.operations.ts`. They describe each operation and the
 * request constraints the spec declares, so validation follows the spec.
 */

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'options' | 'head' | 'trace';

/** The validation-relevant subset of a JSON Schema, with `$ref`s resolved. */
export interface Constraint {
  readonly type?: string | readonly string[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly deprecated?: boolean;
  readonly required?: readonly string[];
  readonly properties?: { readonly [name: string]: Constraint };
  readonly items?: Constraint;
  readonly anyOf?: readonly Constraint[];
  readonly oneOf?: readonly Constraint[];
  readonly allOf?: readonly Constraint[];
}

export type ParameterLocation = 'query' | 'path' | 'header' | 'cookie';

export interface ParameterDescriptor {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  readonly deprecated: boolean;
  readonly schema: Constraint;
}

export interface RequestBodyDescriptor {
  readonly required: boolean;
  readonly contentType: string;
  readonly schema: Constraint;
}

/**
 * How a list operation pages: `page-token` (v1: `maxResults` and `pageToken`,
 * answered with `nextPageToken`) or `cursor` (the dated API: `limit` and
 * `after`, answered with `nextCursor`).
 */
export interface PaginationDescriptor {
  readonly style: 'page-token' | 'cursor';
  readonly pageSizeParam: string;
  readonly pageTokenParam: string;
  readonly nextPageTokenField: string;
  readonly minPageSize?: number;
  readonly maxPageSize?: number;
  readonly defaultPageSize?: number;
}

/** What the spec documents for an error status: the API's 7-digit code, title and description, when fixed. */
export interface ErrorResponseDescriptor {
  readonly code: string | null;
  readonly title: string | null;
  readonly description: string | null;
}

/** What a success answers: `{ data }` (a page of a list included), a record of its own, or nothing (204, or 202 `{}`). */
export type ResultShape = 'data' | 'body' | 'none';

export interface OperationDescriptor {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly tag: string | null;
  readonly summary: string | null;
  readonly deprecated: boolean;
  /** The first 2xx status the spec documents for this operation. */
  readonly successStatus: number | null;
  readonly parameters: readonly ParameterDescriptor[];
  /**
   * Headers the spec requires with exactly one allowed value, such as the dated
   * API's `Quo-Api-Version`. The client sends them, so callers never pass them.
   */
  readonly fixedHeaders: { readonly [name: string]: string };
  readonly requestBody: RequestBodyDescriptor | null;
  readonly pagination: PaginationDescriptor | null;
  readonly result: ResultShape;
  /** Documented error responses by status. */
  readonly errors: { readonly [status: string]: ErrorResponseDescriptor };
  /** The JSON body of the documented success response, as constraints; null when it has none (a 204). */
  readonly responseSchema: Constraint | null;
}

export interface SpecDescriptor {
  readonly surface: string;
  readonly sha256: string;
  /** The sha256 of the overlay applied to the pulled spec, when the surface has one. */
  readonly overlaySha256: string | null;
  readonly title: string | null;
  readonly version: string | null;
  readonly serverUrl: string | null;
}
