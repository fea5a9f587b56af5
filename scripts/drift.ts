import type { Constraint, OperationDescriptor } from '../src/internal/operation-types.js';
import { BODY_ENVELOPE, CONSTRAINT_KEYWORDS, compareStrings, dereference, describeOperations, fingerprintOperations, isObject, type Json, type OperationFingerprint } from './operations.js';
import type { OpenApiDocument } from './spec.js';
import { joinPath } from '../src/internal/validation/field-path.js';

export interface PartChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** A constraint keyword that moved, e.g. `body.to: maxItems 1 -> 10`. */
export interface ConstraintChange {
  /** `body.to`, `query.maxResults`, `body.defaultFields.emails[]`. */
  field: string;
  keyword: string;
  before: unknown;
  after: unknown;
}

export interface ChangedOperation {
  operationId: string;
  method: string;
  path: string;
  /** Method, path, tag or deprecation moved. */
  metadata: string[];
  parameters: PartChanges | null;
  requestBody: PartChanges | null;
  responses: PartChanges | null;
  /** Empty when the old document was not at hand (only its lock). */
  constraints: ConstraintChange[];
  /** Fields of the success response, as `data[].conversationId`. */
  responseFields: { added: string[]; removed: string[] };
}

export interface DriftReport {
  added: OperationFingerprint[];
  removed: OperationFingerprint[];
  changed: ChangedOperation[];
  server: { before: string | null; after: string | null } | null;
}

/** The state generated/ was built from: the committed document when present, else what its lock recorded. */
export interface DriftBaseline {
  operations: readonly OperationFingerprint[];
  document: OpenApiDocument | null;
}

function compareParts(before: Record<string, string> | null, after: Record<string, string> | null): PartChanges | null {
  const a = before ?? {};
  const b = after ?? {};
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
  const changes: PartChanges = { added: [], removed: [], changed: [] };
  for (const name of names) {
    if (!(name in a)) changes.added.push(name);
    else if (!(name in b)) changes.removed.push(name);
    else if (a[name] !== b[name]) changes.changed.push(name);
  }
  const none = !changes.added.length && !changes.removed.length && !changes.changed.length;
  return none ? null : changes;
}

const show = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));

/** Keyword changes between two constraint trees, walking properties, items and combinator branches in step. */
function constraintChanges(field: string, before: Constraint | undefined, after: Constraint | undefined): ConstraintChange[] {
  if (!before || !after) return [];
  const changes: ConstraintChange[] = [];
  for (const keyword of CONSTRAINT_KEYWORDS) {
    if (show(before[keyword]) !== show(after[keyword])) changes.push({ field, keyword, before: before[keyword], after: after[keyword] });
  }
  const properties = new Set([...Object.keys(before.properties ?? {}), ...Object.keys(after.properties ?? {})]);
  for (const name of [...properties].sort(compareStrings)) {
    changes.push(...constraintChanges(`${field}.${name}`, before.properties?.[name], after.properties?.[name]));
  }
  changes.push(...constraintChanges(`${field}[]`, before.items, after.items));
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = Math.min(before[combinator]?.length ?? 0, after[combinator]?.length ?? 0);
    for (let i = 0; i < branches; i++) {
      changes.push(...constraintChanges(`${field}(${combinator}[${i}])`, before[combinator]![i], after[combinator]![i]));
    }
  }
  return changes;
}

function operationConstraintChanges(before: OperationDescriptor, after: OperationDescriptor): ConstraintChange[] {
  const changes: ConstraintChange[] = [];
  for (const parameter of after.parameters) {
    const previous = before.parameters.find((p) => p.name === parameter.name && p.in === parameter.in);
    if (!previous) continue;
    const field = `${parameter.in}.${parameter.name}`;
    if (previous.required !== parameter.required) changes.push({ field, keyword: 'required', before: previous.required, after: parameter.required });
    changes.push(...constraintChanges(field, previous.schema, parameter.schema));
  }
  if (before.requestBody && after.requestBody) {
    if (before.requestBody.required !== after.requestBody.required) {
      changes.push({ field: 'body', keyword: 'required', before: before.requestBody.required, after: after.requestBody.required });
    }
    changes.push(...constraintChanges('body', before.requestBody.schema, after.requestBody.schema));
  }
  return changes;
}

/** Deep enough for the API's envelopes (`data[].media[].url`) and safe against recursive schemas. */
const MAX_FIELD_DEPTH = 8;

function schemaFields(schema: Json | undefined, prefix: string, into: Set<string>, depth = 0): void {
  if (!isObject(schema) || depth > MAX_FIELD_DEPTH) return;
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) {
      const field = joinPath(prefix, name);
      into.add(field);
      schemaFields(child, field, into, depth + 1);
    }
  }
  if (isObject(schema.items)) schemaFields(schema.items, `${prefix}[]`, into, depth + 1);
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) for (const branch of branches) schemaFields(branch, prefix, into, depth + 1);
  }
}

/** The field paths of an operation's success responses. */
function responseFields(document: OpenApiDocument, method: string, path: string): Set<string> {
  const operation = document.paths[path]?.[method.toLowerCase()];
  const responses = isObject(operation) ? dereference(document, (operation.responses ?? null) as Json) : null;
  const fields = new Set<string>();
  for (const [status, response] of Object.entries(isObject(responses) ? responses : {})) {
    if (!/^2\d\d$/.test(status) || !isObject(response) || !isObject(response.content)) continue;
    for (const media of Object.values(response.content)) if (isObject(media)) schemaFields(media.schema, '', fields);
  }
  return fields;
}

const serverOf = (document: OpenApiDocument | null) => document?.servers?.[0]?.url ?? null;

export function diffSpecs(baseline: DriftBaseline, after: OpenApiDocument): DriftReport {
  const now = fingerprintOperations(after);
  const old = new Map(baseline.operations.map((op) => [op.operationId, op]));
  const nowIds = new Set(now.map((op) => op.operationId));
  const descriptorsBefore = new Map(baseline.document ? describeOperations(baseline.document).map((d) => [d.operationId, d]) : []);
  const descriptorsAfter = new Map(describeOperations(after).map((d) => [d.operationId, d]));
  const changed: ChangedOperation[] = [];
  for (const op of now) {
    const previous = old.get(op.operationId);
    if (!previous) continue;
    const metadata = (['method', 'path', 'tag', 'deprecated'] as const)
      .filter((field) => previous[field] !== op[field])
      .map((field) => `${field}: ${JSON.stringify(previous[field])} -> ${JSON.stringify(op[field])}`);
    const before = descriptorsBefore.get(op.operationId);
    const fieldsBefore = baseline.document ? responseFields(baseline.document, previous.method, previous.path) : new Set<string>();
    const fieldsAfter = baseline.document ? responseFields(after, op.method, op.path) : new Set<string>();
    const entry: ChangedOperation = {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      metadata,
      parameters: compareParts(previous.parameters, op.parameters),
      requestBody: previous.requestBody === null && op.requestBody === null ? null : compareParts(previous.requestBody, op.requestBody),
      responses: compareParts(previous.responses, op.responses),
      constraints: before ? operationConstraintChanges(before, descriptorsAfter.get(op.operationId)!) : [],
      responseFields: {
        added: [...fieldsAfter].filter((f) => !fieldsBefore.has(f)).sort(compareStrings),
        removed: [...fieldsBefore].filter((f) => !fieldsAfter.has(f)).sort(compareStrings),
      },
    };
    if (metadata.length || entry.parameters || entry.requestBody || entry.responses) changed.push(entry);
  }
  const server = baseline.document && serverOf(baseline.document) !== serverOf(after) ? { before: serverOf(baseline.document), after: serverOf(after) } : null;
  return {
    added: now.filter((op) => !old.has(op.operationId)),
    removed: baseline.operations.filter((op) => !nowIds.has(op.operationId)),
    changed,
    server,
  };
}

export function hasOperationChanges(report: DriftReport): boolean {
  return report.added.length > 0 || report.removed.length > 0 || report.changed.length > 0;
}

function describeParts(label: string, changes: PartChanges | null, rename?: (name: string) => string): string[] {
  if (!changes) return [];
  const names = (list: string[]) => list.map((n) => `\`${rename ? rename(n) : n}\``).join(', ');
  const pieces = [
    changes.added.length ? `added ${names(changes.added)}` : '',
    changes.removed.length ? `removed ${names(changes.removed)}` : '',
    changes.changed.length ? `changed ${names(changes.changed)}` : '',
  ].filter(Boolean);
  return [`  - ${label}: ${pieces.join('; ')}`];
}

const bodyPartName = (name: string) => (name === BODY_ENVELOPE ? 'body (required flag, content type or schema outside its properties)' : name);

export function formatConstraintChange(operationId: string, change: ConstraintChange): string {
  return `${operationId} ${change.field}: ${change.keyword} ${show(change.before)} -> ${show(change.after)}`;
}

/** Markdown, so the regenerate job can post it as a pull request body unchanged. */
export function formatDrift(report: DriftReport): string[] {
  const lines: string[] = [];
  const signature = (op: { operationId: string; method: string; path: string }) => `\`${op.operationId}\` (${op.method} ${op.path})`;
  if (report.server) {
    lines.push(
      '### Server URL',
      '',
      `- \`${report.server.before}\` -> \`${report.server.after}\`: the client's default \`baseUrl\` is the 2026-03-30 spec's server (src/internal/surfaces.ts), and the hosts each surface is served on are listed there; check both, and the README's statements about hosts.`,
      '',
    );
  }
  lines.push(`### Removed operations (${report.removed.length})`, '');
  lines.push(...(report.removed.length ? report.removed.map((op) => `- ${signature(op)}`) : ['None.']), '');
  lines.push(`### Added operations (${report.added.length})`, '');
  if (report.added.length) lines.push('Typed in `client.raw` once regenerated; no resource method wraps them yet.', '');
  lines.push(...(report.added.length ? report.added.map((op) => `- ${signature(op)}`) : ['None.']), '');
  lines.push(`### Changed operations (${report.changed.length})`, '');
  if (!report.changed.length) lines.push('None.');
  for (const op of report.changed) {
    lines.push(`- ${signature(op)}`);
    lines.push(...op.metadata.map((m) => `  - ${m}`));
    lines.push(...describeParts('parameters', op.parameters));
    lines.push(...describeParts('request body', op.requestBody, bodyPartName));
    lines.push(...describeParts('responses', op.responses));
    lines.push(...op.constraints.map((change) => `  - constraint: \`${formatConstraintChange(op.operationId, change)}\``));
    if (op.responseFields.added.length) lines.push(`  - response fields added: ${op.responseFields.added.map((f) => `\`${f}\``).join(', ')}`);
    if (op.responseFields.removed.length) lines.push(`  - response fields removed: ${op.responseFields.removed.map((f) => `\`${f}\``).join(', ')}`);
  }
  if (!hasOperationChanges(report) && !report.server) {
    lines.push('', 'The documents differ only in documentation or in parts outside the operations; the generated types still change, so regenerate.');
  }
  return lines;
}
