import { operations } from '../../../generated/v1.operations.js';
import { isE164, e164Issue } from '../../lib/phone/e164.js';
import { normalizePhoneNumber } from '../../lib/phone/normalize.js';
import { ValidationError } from '../../core/errors.js';
import { requestIssues } from '../../internal/validation/request.js';
import { UsageError } from '../context.js';
import { flagFor } from '../describe-error.js';
import { loadOptional } from '../optional.js';

/** A CSV row ready to send. `row` is its line number in the file, as a spreadsheet shows it. */
export interface BulkRow {
  readonly row: number;
  readonly to: string;
  readonly content: string;
  /** What the file said, when it was not already E.164. */
  readonly originalNumber?: string;
}

export interface InvalidRow {
  readonly row: number;
  readonly value: string;
  readonly reason: string;
}

export interface PreparedRows {
  readonly valid: BulkRow[];
  readonly invalid: InvalidRow[];
}

export interface RowOptions {
  readonly from: string;
  readonly template: string;
  /** The column with the phone number; found by name when omitted. */
  readonly toColumn?: string | undefined;
  /** Country for numbers written without a calling code, e.g. `US`. */
  readonly defaultCountry?: string | undefined;
  readonly allowDuplicates?: boolean;
}

const PHONE_COLUMNS = ['phone', 'phonenumber', 'phone_number', 'number', 'mobile', 'to'];
const PLACEHOLDER = /\{\{\s*([^}\s]+)\s*\}\}/g;

function phoneColumn(columns: readonly string[], requested: string | undefined): string {
  if (requested !== undefined) {
    if (!columns.includes(requested)) throw new UsageError(`the CSV has no column ${JSON.stringify(requested)} (columns: ${columns.join(', ')})`);
    return requested;
  }
  const found = columns.find((column) => PHONE_COLUMNS.includes(column.toLowerCase()));
  if (!found) throw new UsageError(`no phone number column found (looked for ${PHONE_COLUMNS.join(', ')}); name it with --to-column`);
  return found;
}

/** Parses the CSV, fills the template for each row and checks every row as the API would, before anything is sent. */
export async function prepareRows(csv: string, options: RowOptions): Promise<PreparedRows> {
  const { parse } = await loadOptional('csv-parse', () => import('csv-parse/sync'));
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (error) {
    throw new UsageError(`the CSV could not be read: ${(error as Error).message}`);
  }
  const columns = records.length > 0 ? Object.keys(records[0]!.record) : [];
  const column = phoneColumn(columns, options.toColumn);
  const placeholders = [...options.template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  const unknown = placeholders.filter((name) => !columns.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`the template uses ${unknown.map((n) => `{{${n}}}`).join(', ')} but the CSV has no such column (columns: ${columns.join(', ')})`);
  }

  const valid: BulkRow[] = [];
  const invalid: InvalidRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const row = info.lines;
    const raw = record[column] ?? '';
    const number = toE164(raw, options.defaultCountry);
    if ('reason' in number) {
      invalid.push({ row, value: raw, reason: number.reason });
      continue;
    }
    const empty = placeholders.filter((name) => (record[name] ?? '') === '');
    if (empty.length > 0) {
      invalid.push({ row, value: raw, reason: `empty ${empty.join(', ')}, which the template uses` });
      continue;
    }
    const content = options.template.replace(PLACEHOLDER, (_match, name: string) => record[name] ?? '');
    const problems = requestIssues(operations.sendMessage_v1, { body: { from: options.from, to: [number.e164], content } });
    if (problems.length > 0) {
      invalid.push({ row, value: raw, reason: problems.map((p) => `${p.field === 'content' ? 'the filled template' : flagFor(p.field)} ${p.message}`).join('; ') });
      continue;
    }
    const earlier = seen.get(number.e164);
    if (earlier !== undefined && !options.allowDuplicates) {
      invalid.push({ row, value: raw, reason: `same number as row ${earlier} (pass --allow-duplicates to text it twice)` });
      continue;
    }
    seen.set(number.e164, row);
    valid.push({ row, to: number.e164, content, ...(number.e164 !== raw && { originalNumber: raw }) });
  }
  return { valid, invalid };
}

function toE164(raw: string, defaultCountry: string | undefined): { e164: string } | { reason: string } {
  const candidate: unknown = raw;
  if (isE164(candidate)) return { e164: candidate };
  try {
    return { e164: normalizePhoneNumber(raw, { ...(defaultCountry !== undefined && { defaultCountry }) }) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const message = error.issues[0]?.message ?? e164Issue(raw, 'to')?.message ?? 'is not a phone number';
    return { reason: message.replace('pass defaultCountry', 'pass --default-country') };
  }
}
