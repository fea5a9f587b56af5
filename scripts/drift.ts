import { BODY_ENVELOPE, compareStrings, type OperationFingerprint } from './operations.js';

export interface PartChanges {
  added: string[];
  removed: string[];
  changed: string[];
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
}

export interface DriftReport {
  added: OperationFingerprint[];
  removed: OperationFingerprint[];
  changed: ChangedOperation[];
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

export function diffOperations(before: readonly OperationFingerprint[], after: readonly OperationFingerprint[]): DriftReport {
  const old = new Map(before.map((op) => [op.operationId, op]));
  const now = new Map(after.map((op) => [op.operationId, op]));
  const report: DriftReport = {
    added: after.filter((op) => !old.has(op.operationId)),
    removed: before.filter((op) => !now.has(op.operationId)),
    changed: [],
  };
  for (const op of after) {
    const previous = old.get(op.operationId);
    if (!previous) continue;
    const metadata = (['method', 'path', 'tag', 'deprecated'] as const)
      .filter((field) => previous[field] !== op[field])
      .map((field) => `${field}: ${JSON.stringify(previous[field])} -> ${JSON.stringify(op[field])}`);
    const changed: ChangedOperation = {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      metadata,
      parameters: compareParts(previous.parameters, op.parameters),
      requestBody:
        previous.requestBody === null && op.requestBody === null
          ? null
          : compareParts(previous.requestBody, op.requestBody),
      responses: compareParts(previous.responses, op.responses),
    };
    if (metadata.length || changed.parameters || changed.requestBody || changed.responses) report.changed.push(changed);
  }
  return report;
}

export function hasOperationChanges(report: DriftReport): boolean {
  return report.added.length > 0 || report.removed.length > 0 || report.changed.length > 0;
}

function describeParts(label: string, changes: PartChanges | null, rename?: (name: string) => string): string[] {
  if (!changes) return [];
  const show = (names: string[]) => names.map((n) => `\`${rename ? rename(n) : n}\``).join(', ');
  const pieces = [
    changes.added.length ? `added ${show(changes.added)}` : '',
    changes.removed.length ? `removed ${show(changes.removed)}` : '',
    changes.changed.length ? `changed ${show(changes.changed)}` : '',
  ].filter(Boolean);
  return [`  - ${label}: ${pieces.join('; ')}`];
}

const bodyPartName = (name: string) => (name === BODY_ENVELOPE ? 'body (required flag, content type or schema outside its properties)' : name);

/** Markdown, so the regenerate job can post it as a pull request body unchanged. */
export function formatReport(
  report: DriftReport,
  context: { title: string; lockSha: string; lockSource: string; specSha: string; specSource: string },
): string {
  const lines = [
    `## ${context.title}: spec drift`,
    '',
    `- generated from: \`${context.lockSource}\` (sha256 \`${context.lockSha}\`)`,
    `- compared with: \`${context.specSource}\` (sha256 \`${context.specSha}\`)`,
    '',
  ];
  const signature = (op: { operationId: string; method: string; path: string }) =>
    `\`${op.operationId}\` (${op.method} ${op.path})`;
  lines.push(`### Removed operations (${report.removed.length})`, '');
  lines.push(...(report.removed.length ? report.removed.map((op) => `- ${signature(op)}`) : ['None.']), '');
  lines.push(`### Added operations (${report.added.length})`, '');
  lines.push(...(report.added.length ? report.added.map((op) => `- ${signature(op)}`) : ['None.']), '');
  lines.push(`### Changed operations (${report.changed.length})`, '');
  if (!report.changed.length) lines.push('None.');
  for (const op of report.changed) {
    lines.push(`- ${signature(op)}`);
    lines.push(...op.metadata.map((m) => `  - ${m}`));
    lines.push(...describeParts('parameters', op.parameters));
    lines.push(...describeParts('request body', op.requestBody, bodyPartName));
    lines.push(...describeParts('responses', op.responses));
  }
  if (!hasOperationChanges(report)) {
    lines.push(
      '',
      'The documents differ only in documentation or in parts outside the operations; the generated types still change, so regenerate.',
    );
  }
  return `${lines.join('\n')}\n`;
}
