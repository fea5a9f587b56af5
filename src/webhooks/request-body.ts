import { WebhookVerificationError } from './errors.js';

/** Far above any OpenPhone event (a long call's transcript is a few hundred KB), far below what would strain a server. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads a request's body, refusing it as soon as it is known to exceed
 * `maxBytes`: from `Content-Length` before reading anything, else while it
 * streams in, so an oversized body is never held in memory.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(maxBytes: number): WebhookVerificationError {
  return new WebhookVerificationError('payload_too_large', `The body is larger than maxBodyBytes (${maxBytes} bytes).`);
}
