/**
 * Reading request bodies with bounds, because any process on the machine can
 * reach the sandbox: a body is refused past a size no API request comes near,
 * and JSON past a nesting depth no schema of the spec has.
 */
import type { IncomingMessage } from 'node:http';

/** Largest request body accepted: 1 MiB, far above any request the API takes (a message is at most 1600 characters). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Deepest JSON nesting accepted; the spec's request schemas nest a few levels. */
export const MAX_JSON_DEPTH = 64;

/** A body over `MAX_BODY_BYTES`: answered 413 without reading the rest. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

/** The body as text. @throws {BodyTooLargeError} as soon as the declared or received size passes `limit`. */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  if (Number(request.headers['content-length']) > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: () => void) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        finish(() => reject(new BodyTooLargeError(limit)));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks).toString('utf8')));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error('The client closed the connection before sending the whole body')));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** JSON text nested deeper than allowed. */
export class JsonTooDeepError extends SyntaxError {
  constructor(readonly limit: number) {
    super(`JSON is nested deeper than ${limit} levels`);
  }
}

/** How deep `text` nests arrays and objects, stopping once past `limit`; strings are skipped, so brackets in them do not count. */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** `JSON.parse`, refusing nesting past `limit` first: deeper values overflow the stack of whatever walks them later. */
export function parseJson(text: string, limit = MAX_JSON_DEPTH): unknown {
  if (exceedsDepth(text, limit)) throw new JsonTooDeepError(limit);
  return JSON.parse(text);
}
