/**
 * What a tool answers: its result as JSON text, cut to a size a context window
 * holds, or an error the model can act on (the HTTP status, the API's
 * `errors[]`, the SDK's validation issues), never with the API key in it.
 */
import { OpenPhoneError, ValidationError } from '../core/errors.js';

export interface ToolResult {
  [key: string]: unknown;
  readonly content: { readonly type: 'text'; readonly text: string }[];
  readonly isError?: boolean;
}

/** The default cap on a tool result's text, in characters. */
export const DEFAULT_MAX_RESULT_CHARS = 40_000;

/** `value` as JSON text; a list's items past `maxChars` are dropped and a note says how to ask for the rest. */
export function textResult(value: unknown, maxChars: number): ToolResult {
  const text = JSON.stringify(value ?? null, null, 2);
  if (text.length <= maxChars) return { content: [{ type: 'text', text }] };
  const data = (value as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) {
    let kept = data.length;
    let cut = text;
    while (kept > 0 && cut.length > maxChars) {
      kept = Math.floor(kept / 2);
      cut = JSON.stringify({ ...(value as object), data: data.slice(0, kept) }, null, 2);
    }
    if (cut.length <= maxChars) {
      const note = `Result cut to ${kept} of the page's ${data.length} items to fit ${maxChars} characters: ask again with a smaller page size or narrower filters to see the rest.`;
      return {
        content: [
          { type: 'text', text: cut },
          { type: 'text', text: note },
        ],
      };
    }
  }
  const note = `Result cut at ${maxChars} of ${text.length} characters: ask for less (a smaller page size, narrower filters, one record by id).`;
  return {
    content: [
      { type: 'text', text: text.slice(0, maxChars) },
      { type: 'text', text: note },
    ],
  };
}

/** A refusal or failure as a tool error, with what the model needs to correct its request. */
export function errorResult(error: unknown): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify({ error: describeFailure(error) }, null, 2) }], isError: true };
}

/** The fields of an SDK error that help a caller correct a request; never its headers or request. */
function describeFailure(error: unknown): Record<string, unknown> {
  if (!(error instanceof OpenPhoneError)) return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
  const fields = error.toJSON();
  return Object.fromEntries(
    Object.entries({
      name: error.name,
      message: error.message,
      status: error.status,
      code: error.code,
      title: error.title,
      docs: error.docs,
      trace: error.trace,
      errors: fields.errors,
      issues: error instanceof ValidationError ? error.issues : fields.issues,
      mayHaveBeenProcessed: error.mayHaveBeenProcessed || undefined,
    }).filter(([, value]) => value !== undefined),
  );
}
