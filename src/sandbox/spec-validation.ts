/**
 * Request validation against the committed spec with a general JSON Schema
 * validator (Ajv, draft 2020-12, the dialect of OpenAPI 3.1). It shares no
 * code with the client's own validation, so a test of the client against the
 * sandbox catches a client that lets through what the spec forbids.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describeValue } from '../core/errors.js';
import { E164_PATTERN, e164Issue } from '../lib/phone/e164.js';
import type { Constraint, ParameterDescriptor } from '../internal/operation-types.js';
import type { SandboxOperation } from './operations.js';
import { isRecord } from '../internal/validation/is-record.js';

/** One way a request breaks the spec, as the API's `errors[]` lists it. */
export interface RequestIssue {
  /** JSON pointer into the body, or `/name` for a parameter. */
  readonly path: string;
  /** The schema keyword that failed (`required`, `pattern`, `maxItems`...). */
  readonly rule: string;
  readonly value: unknown;
  /** What is wrong, starting with the offending value. */
  readonly message: string;
}

/**
 * The same search as `pattern` without a leading or trailing `.*` on an
 * unanchored pattern: those cannot change whether a search matches, and make
 * it quadratic on long input that fails (the spec's content pattern `.*\S.*`
 * on a string of spaces).
 */
export function linearSearchPattern(pattern: string): string {
  let source = pattern;
  if (!source.startsWith('^')) while (source.startsWith('.*')) source = source.slice(2).replace(/^\?/, '');
  if (!source.endsWith('$')) while (source.endsWith('.*') && !source.endsWith('\\.*')) source = source.slice(0, -2);
  return source === '' ? '(?:)' : source;
}

const safeRegExp = Object.assign((pattern: string, flags: string) => new RegExp(linearSearchPattern(pattern), flags), { code: 'linearSearchPattern' });

/** The spec's E.164 pattern lets `+999…` through, which the API refuses: this keyword checks the calling code too. */
const E164_KEYWORD = 'x-e164';

/**
 * The spec is used as published: a malformed annotation (an `examples` that is
 * not a list) must not stop validation. Ajv's pass that tidies the generated
 * code changes no result and is a good part of compiling an operation.
 */
function newValidator(coerceTypes: false | 'array', allErrors: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors, coerceTypes, formats: fullFormats, code: { regExp: safeRegExp, optimize: false } });
  const check = (_schema: unknown, value: unknown): boolean => {
    if (typeof value !== 'string' || !new RegExp(E164_PATTERN).test(value)) return true;
    const issue = e164Issue(value, '');
    if (!issue) return true;
    check.errors = [{ keyword: E164_KEYWORD, message: issue.message, params: { described: true } }];
    return false;
  };
  check.errors = [] as Partial<ErrorObject>[];
  ajv.addKeyword({ keyword: E164_KEYWORD, type: 'string', errors: true, validate: check });
  return ajv;
}

/** The schema with the calling-code check added wherever the spec patterns a field as E.164. */
function withCallingCodes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withCallingCodes);
  if (!isRecord(schema)) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, child]) => [key, key === 'enum' || key === 'const' ? child : withCallingCodes(child)]));
  if (copy.pattern === E164_PATTERN) copy[E164_KEYWORD] = true;
  return copy;
}

/** Query values come as strings; Ajv coerces them to the schema's types, but a list must already be a list. */
function acceptsList(schema: Constraint): boolean {
  const branches = [schema, ...(((schema.anyOf ?? schema.oneOf) as Constraint[] | undefined) ?? [])];
  return branches.some((branch) => branch.type === 'array' || (Array.isArray(branch.type) && branch.type.includes('array')));
}

/** How many issues a 400 lists; a hostile request could otherwise make one per array entry. */
export const MAX_LISTED_ISSUES = 20;

/** Longest text of a value a 400 repeats back. */
const MAX_VALUE_CHARACTERS = 120;

/** A value as an error may repeat it: short ones as they are, long strings cut, large lists and objects summarised. */
export function previewValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARACTERS ? `${value.slice(0, MAX_VALUE_CHARACTERS)}…` : value;
  if (typeof value !== 'object' || value === null) return value;
  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (size <= 10) {
    const text = JSON.stringify(value);
    if (text.length <= MAX_VALUE_CHARACTERS) return value;
  }
  return Array.isArray(value) ? `[a list of ${size} items]` : `{an object with ${size} keys}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

function describeProblem(error: ErrorObject, value: unknown): string {
  if (error.keyword === 'required') return 'is required';
  if (error.params.described) return error.message ?? 'is invalid';
  return `${describeValue(value)} ${error.message ?? 'is invalid'}`;
}

/**
 * Ajv's errors as issues: one per failing field. The branches of a failed
 * `anyOf` fold into it, so a field that may be an id or a number says so
 * once. Ajv reports a combinator right after its branches, so one pass over
 * a stack folds them, in time linear in the number of errors.
 */
function issuesFrom(errors: readonly ErrorObject[], data: unknown): RequestIssue[] {
  const kept: { error: ErrorObject; detail: string }[] = [];
  for (const error of errors) {
    let detail = '';
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const branches: string[] = [];
      const inside = (e: ErrorObject) => e.schemaPath.startsWith(`${error.schemaPath}/`) && e.instancePath.startsWith(error.instancePath);
      while (kept.length > 0 && inside(kept[kept.length - 1]!.error)) {
        const branch = kept.pop()!.error;
        if (branch.keyword !== 'type' && branch.message) branches.unshift(branch.message);
      }
      if (branches.length > 0) detail = `: ${[...new Set(branches)].join(', or ')}`;
    }
    kept.push({ error, detail });
  }
  return kept.map(({ error, detail }) => {
    const pointer = error.keyword === 'required' ? `${error.instancePath}/${String(error.params.missingProperty)}` : error.instancePath;
    const value = valueAt(data, pointer);
    return { path: pointer || '/', rule: error.keyword === E164_KEYWORD ? 'e164' : error.keyword, value, message: `${describeProblem(error, value)}${detail}` };
  });
}

interface CompiledOperation {
  readonly parameters: ValidateFunction;
  /** Stops at the first problem: cheap on any input. */
  readonly firstBodyProblem: ValidateFunction | undefined;
  /**
   * Finds every problem: run only on bodies up to `FULLY_CHECKED_BODY_BYTES`
   * that have one, so compiled on the first of those (Ajv keeps it for the schema).
   */
  readonly everyBodyProblem: (() => ValidateFunction) | undefined;
}

/**
 * Bodies up to this size get every problem listed; a larger invalid one gets
 * its first, because finding all of them costs time in proportion to how
 * many there are (200 000 bad recipients took seconds).
 */
export const FULLY_CHECKED_BODY_BYTES = 64 * 1024;

/** The parts of a request validation reads. */
export interface RequestParts {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly search: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body; `undefined` when there was none. */
  readonly body: unknown;
  /** The size of the body as sent. */
  readonly bodyBytes: number;
}

export interface ValidatedRequest {
  /** Query parameters as their schemas type them (numbers, booleans, lists). */
  readonly query: Record<string, unknown>;
  /** Every way the request breaks the spec. */
  readonly issues: RequestIssue[];
}

/** Validates requests of the operations it is given, compiling each operation's schemas on first use; one serves every sandbox of a table. */
export class SpecValidator {
  private readonly parameterAjv = newValidator('array', true);
  private readonly firstProblemAjv = newValidator(false, false);
  private readonly everyProblemAjv = newValidator(false, true);
  private readonly compiled = new Map<SandboxOperation, CompiledOperation>();

  validate(operation: SandboxOperation, request: RequestParts): ValidatedRequest {
    const { parameters, firstBodyProblem, everyBodyProblem } = this.compile(operation);
    const values = { path: { ...request.pathParams } as Record<string, unknown>, query: {} as Record<string, unknown>, header: {} as Record<string, unknown> };
    for (const parameter of operation.parameters) {
      const value = this.parameterValue(parameter, request);
      if (value !== undefined && parameter.in !== 'cookie') values[parameter.in][parameter.name] = value;
    }
    // Parameters are named as they are sent (`/maxResults`), not by where they go.
    const issues = parameters(values) ? [] : issuesFrom(parameters.errors ?? [], values).map((issue) => ({ ...issue, path: issue.path.replace(/^\/(path|query|header)/, '') }));
    if (operation.requestBody) {
      if (request.body === undefined) {
        if (operation.requestBody.required) issues.push({ path: '/body', rule: 'required', value: undefined, message: 'is required: send a JSON body' });
      } else if (firstBodyProblem && everyBodyProblem && !firstBodyProblem(request.body)) {
        const every = request.bodyBytes <= FULLY_CHECKED_BODY_BYTES ? everyBodyProblem() : undefined;
        const errors = (every && !every(request.body) ? every.errors : firstBodyProblem.errors) ?? [];
        // Not `push(...)`: a body can fail in more places than a call has room for arguments.
        return { query: values.query, issues: issues.concat(issuesFrom(errors, request.body)) };
      }
    }
    return { query: values.query, issues };
  }

  private parameterValue(parameter: ParameterDescriptor, request: RequestParts): unknown {
    if (parameter.in === 'path') return request.pathParams[parameter.name];
    if (parameter.in === 'header') return request.headers[parameter.name.toLowerCase()];
    if (parameter.in !== 'query') return undefined;
    const values = request.search.getAll(parameter.name);
    if (values.length === 0) return undefined;
    return acceptsList(parameter.schema) ? values : values[0];
  }

  private compile(operation: SandboxOperation): CompiledOperation {
    let compiled = this.compiled.get(operation);
    if (compiled) return compiled;
    const location = (where: ParameterDescriptor['in']) => {
      const declared = operation.parameters.filter((p) => p.in === where);
      return {
        type: 'object',
        properties: Object.fromEntries(declared.map((p) => [p.name, withCallingCodes(p.schema)])),
        required: declared.filter((p) => p.required).map((p) => p.name),
      };
    };
    const body = operation.requestBody ? (withCallingCodes(operation.requestBody.schema) as object) : undefined;
    compiled = {
      parameters: this.parameterAjv.compile({ type: 'object', properties: { path: location('path'), query: location('query'), header: location('header') } }),
      firstBodyProblem: body && this.firstProblemAjv.compile(body),
      everyBodyProblem: body && (() => this.everyProblemAjv.compile(body)),
    };
    this.compiled.set(operation, compiled);
    return compiled;
  }
}
