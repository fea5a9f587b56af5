/**
 * Overlays: what the API documents that its pulled spec does not say yet, kept
 * beside the spec as `openapi/<surface>.overlay.yaml` (OpenAPI Overlay 1.0).
 * The pulled spec stays byte for byte as published; everything generated reads
 * the effective spec, the pulled one with its overlay applied.
 */
import { readFile } from 'node:fs/promises';
import { openapiOverlay, resolveJsonPath, type OpenAPIOverlayAction } from 'openapi-format';
import { parse } from 'yaml';
import { ANNOTATION_KEYWORDS, isObject, type Json } from './operations.js';
import { sha256, SpecError, type LoadedSpec, type OpenApiDocument } from './spec.js';

/** The extension every action carries: the changelog entry or reference page it comes from. */
export const SOURCE_FIELD = 'x-source';

export interface OverlayAction extends OpenAPIOverlayAction {
  readonly [SOURCE_FIELD]: string;
}

export interface LoadedOverlay {
  /** Project-relative path, as recorded in the lock. */
  file: string;
  sha256: string;
  actions: OverlayAction[];
}

/** Reads and checks an overlay; `null` when the surface has none. */
export async function loadOverlay(absolute: string, file: string): Promise<LoadedOverlay | null> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { file, sha256: sha256(text), actions: parseOverlay(text, file) };
}

export function parseOverlay(text: string, file: string): OverlayAction[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new SpecError(`${file} is not YAML: ${(error as Error).message}`);
  }
  if (!isObject(document) || typeof document.overlay !== 'string' || !/^1\.0\.\d+$/.test(document.overlay)) {
    throw new SpecError(`${file} is not an OpenAPI Overlay 1.0 document (expected "overlay: 1.0.x")`);
  }
  if (!Array.isArray(document.actions)) throw new SpecError(`${file} has no "actions" list`);
  return document.actions.map((action, index) => {
    const label = `${file} action ${index + 1}`;
    if (!isObject(action) || typeof action.target !== 'string' || !action.target.startsWith('$')) {
      throw new SpecError(`${label}: "target" must be a JSONPath starting with "$"`);
    }
    if (!('update' in action) && action.remove !== true) throw new SpecError(`${label} (${action.target}): needs "update" or "remove: true"`);
    const source = action[SOURCE_FIELD];
    if (typeof source !== 'string' || source.trim() === '') {
      throw new SpecError(`${label} (${action.target}): "${SOURCE_FIELD}" must name where the change is documented`);
    }
    return action as unknown as OverlayAction;
  });
}

const describeAction = (action: OverlayAction) => `${action.target} (${action[SOURCE_FIELD]})`;

/** The pulled document with the overlay applied, as a new object, and the actions whose target matched nothing. */
export async function applyOverlay(document: OpenApiDocument, overlay: LoadedOverlay): Promise<{ document: OpenApiDocument; unmatched: OverlayAction[] }> {
  const unmatched = overlay.actions.filter((action) => action.target !== '$' && targetsOf(document, action).length === 0);
  const { data, resultData } = await openapiOverlay(structuredClone(document) as never, {
    overlaySet: { overlay: '1.0.0', actions: overlay.actions },
  });
  // Actions apply in order, so a later one may target what an earlier one added: only those still unused failed.
  const unused = new Set(resultData.unusedActions as unknown[]);
  return { document: data as unknown as OpenApiDocument, unmatched: unmatched.filter((action) => unused.has(action)) };
}

function targetsOf(document: OpenApiDocument, action: OverlayAction): Json[] {
  return resolveJsonPath(document as unknown as Record<string, unknown>, action.target).map((node) => node.value as Json);
}

/** One value an update sets, as a path below the action's target. */
interface Leaf {
  path: string[];
  value: Json;
}

/** Items of OpenAPI's parameter lists are matched by name and location, as the overlay library merges them. */
const parameterKey = (item: Json) => (isObject(item) && typeof item.name === 'string' && typeof item.in === 'string' ? `${item.in}:${item.name}` : null);

function leavesOf(update: Json, path: string[] = []): Leaf[] {
  if (isObject(update)) return Object.entries(update).flatMap(([key, child]) => leavesOf(child, [...path, key]));
  if (Array.isArray(update) && update.every((item) => parameterKey(item) !== null)) {
    return update.flatMap((item) => leavesOf(item, [...path, `[${parameterKey(item)}]`]));
  }
  return [{ path, value: update }];
}

function valueAt(node: Json | undefined, path: readonly string[]): Json | undefined {
  let current = node;
  for (const key of path) {
    const parameter = /^\[(.+)\]$/.exec(key)?.[1];
    if (parameter !== undefined && Array.isArray(current)) current = current.find((item) => parameterKey(item) === parameter);
    else current = isObject(current) ? current[key] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** Whether `pulled` already says what the overlay sets: equal values, and for lists (which overlays append to) every item. */
function says(pulled: Json | undefined, value: Json): boolean {
  if (Array.isArray(value)) {
    const list = Array.isArray(pulled) ? pulled : [];
    return value.every((item) => list.some((existing) => same(existing, item)));
  }
  return same(pulled, value);
}

export interface Contradiction {
  action: OverlayAction;
  /** `maxItems` below the target: what the overlay sets and what the pulled spec now says. */
  field: string;
  overlay: Json;
  pulled: Json;
}

export interface OverlayReview {
  /** Actions the pulled spec now states itself: delete them. */
  redundant: OverlayAction[];
  contradictions: Contradiction[];
  /** Actions whose target the pulled spec no longer has: they would stop generation. */
  unmatched: OverlayAction[];
}

/**
 * Reviews an overlay against a newly pulled spec. An action is redundant when
 * the pulled spec already says everything it sets, wording aside (a removal,
 * when its target is gone). It contradicts the pulled spec where the pulled spec now states a
 * value of its own for a field the overlay sets: one the previous pull did not
 * have, or had with another value.
 */
export async function reviewOverlay(overlay: LoadedOverlay, previous: OpenApiDocument | null, pulled: OpenApiDocument): Promise<OverlayReview> {
  const review: OverlayReview = { redundant: [], contradictions: [], unmatched: (await applyOverlay(pulled, overlay)).unmatched };
  for (const action of overlay.actions) {
    const nodes = targetsOf(pulled, action);
    if (action.remove === true && !('update' in action)) {
      if (nodes.length === 0) review.redundant.push(action);
      continue;
    }
    if (nodes.length === 0) continue;
    const before = previous ? targetsOf(previous, action) : [];
    // Wording is compared only where an action changes nothing else: a reworded description is no contract change.
    const all = leavesOf(action.update as Json);
    const contract = all.filter((leaf) => !ANNOTATION_KEYWORDS.has(leaf.path.at(-1) ?? ''));
    const leaves = contract.length ? contract : all;
    let redundant = true;
    for (const leaf of leaves) {
      for (const [index, node] of nodes.entries()) {
        const now = valueAt(node, leaf.path);
        if (says(now, leaf.value)) continue;
        redundant = false;
        const then = valueAt(before[index], leaf.path);
        if (now !== undefined && !Array.isArray(leaf.value) && !same(now, then)) {
          review.contradictions.push({ action, field: leaf.path.join('.'), overlay: leaf.value, pulled: now });
        }
      }
    }
    if (redundant) review.redundant.push(action);
  }
  return review;
}

/** The drift report's overlay section, in Markdown. */
export function formatOverlayReview(overlay: LoadedOverlay, review: OverlayReview): string[] {
  const lines = [`### Overlay \`${overlay.file}\` (${overlay.actions.length} actions)`, ''];
  lines.push(`#### Made redundant by the pulled spec (${review.redundant.length})`, '');
  if (review.redundant.length) lines.push('The pulled spec already says what these actions add: delete them from the overlay.', '');
  lines.push(...(review.redundant.length ? review.redundant.map((action) => `- \`${describeAction(action)}\``) : ['None.']), '');
  lines.push(`#### Contradicting the pulled spec (${review.contradictions.length})`, '');
  if (review.contradictions.length) {
    lines.push("The pulled spec wins: it is the API's own statement. Delete or correct these actions; until then the generated code follows the overlay.", '');
  }
  lines.push(
    ...(review.contradictions.length
      ? review.contradictions.map((c) => `- \`${describeAction(c.action)}\` \`${c.field}\`: the overlay sets ${JSON.stringify(c.overlay)}, the pulled spec says ${JSON.stringify(c.pulled)}`)
      : ['None.']),
    '',
  );
  lines.push(`#### No longer applying (${review.unmatched.length})`, '');
  if (review.unmatched.length) lines.push('Their target is gone from the pulled spec, so generation stops on them: move or delete them.', '');
  lines.push(...(review.unmatched.length ? review.unmatched.map((action) => `- \`${describeAction(action)}\``) : ['None.']));
  return lines;
}

/** A pulled spec and what generation reads: the pulled document with its overlay applied. */
export interface EffectiveSpec {
  pulled: LoadedSpec;
  overlay: LoadedOverlay | null;
  document: OpenApiDocument;
}

/** Each effective document of this process, by the sha256 of its pulled spec and of its overlay: applied once, like the spec is parsed once. */
const effectiveDocuments = new Map<string, OpenApiDocument>();

/** Refuses an overlay with an action that matches nothing: it would silently stop applying when the spec moves a path. */
export async function effectiveSpec(pulled: LoadedSpec, overlay: LoadedOverlay | null): Promise<EffectiveSpec> {
  if (!overlay) return { pulled, overlay, document: pulled.document };
  const key = `${pulled.sha256} ${overlay.sha256}`;
  const applied = effectiveDocuments.get(key);
  if (applied) return { pulled, overlay, document: applied };
  const { document, unmatched } = await applyOverlay(pulled.document, overlay);
  if (unmatched.length) {
    throw new SpecError(`${overlay.file}: ${unmatched.length} action(s) match nothing in ${pulled.source}: ${unmatched.map(describeAction).join('; ')}`);
  }
  effectiveDocuments.set(key, document);
  return { pulled, overlay, document };
}
