import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isRecord } from '../src/internal/validation/is-record.js';

/** A spec source that cannot be used; the message is meant for the person running the script. */
export class SpecError extends Error {
  override name = 'SpecError';
}

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface LoadedSpec {
  /** Where the bytes came from, as recorded in the lock: a URL or a project-relative path. */
  source: string;
  sha256: string;
  bytes: Buffer;
  document: OpenApiDocument;
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Each document read in this process, by the sha256 of its bytes: a run that reads one spec several
 * times (a check, then a write) parses it once, and what is derived from the document object once.
 * Documents are never changed once read.
 */
const parsedDocuments = new Map<string, OpenApiDocument>();

/**
 * Reads a spec from a URL or a file and checks that it is an OpenAPI 3.x document
 * with paths. Downloads are kept under `cacheDir` for inspection and reuse.
 */
export async function loadSpec(source: string, { projectRoot, cacheDir, fetchImpl = fetch }: { projectRoot: string; cacheDir: string; fetchImpl?: typeof fetch }): Promise<LoadedSpec> {
  const bytes = isUrl(source) ? await download(source, fetchImpl) : await readLocal(source);
  const digest = sha256(bytes);
  const document = parsedDocuments.get(digest) ?? parseDocument(bytes, source);
  parsedDocuments.set(digest, document);
  await mkdir(cacheDir, { recursive: true });
  if (isUrl(source)) await writeFile(path.join(cacheDir, `${digest}.json`), bytes);
  return { source: recordedSource(source, projectRoot), sha256: digest, bytes, document };
}

async function download(url: string, fetchImpl: typeof fetch): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new SpecError(`could not download the spec from ${url}: ${reason}`);
  }
  if (!response.ok) {
    throw new SpecError(`could not download the spec from ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

async function readLocal(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError(`could not read the spec file ${file}: ${code === 'ENOENT' ? 'no such file' : code}`);
  }
}

function parseDocument(bytes: Buffer, source: string): OpenApiDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new SpecError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) {
    throw new SpecError(`${source} is not an OpenAPI document: expected a JSON object`);
  }
  const document = parsed as Partial<OpenApiDocument> & { swagger?: unknown };
  if (typeof document.openapi !== 'string' || !/^3\.\d+(\.\d+)?$/.test(document.openapi)) {
    const found = document.swagger !== undefined ? `Swagger ${String(document.swagger)}` : document.openapi === undefined ? 'no "openapi" field' : `"openapi": ${JSON.stringify(document.openapi)}`;
    throw new SpecError(`${source} is not an OpenAPI 3.x document (found ${found})`);
  }
  if (!isRecord(document.paths) || Object.keys(document.paths).length === 0) {
    throw new SpecError(`${source} has no "paths": there are no operations to generate`);
  }
  return document as OpenApiDocument;
}

/** URLs are kept as given; files are recorded relative to the project so no machine path is committed. */
function recordedSource(source: string, projectRoot: string): string {
  if (isUrl(source)) return source;
  return path.relative(projectRoot, path.resolve(source)).split(path.sep).join('/');
}
