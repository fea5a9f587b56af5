/**
 * The operations the sandbox serves: the generated operation table of every
 * surface, the same one the client validates and sends with, so client and
 * sandbox never disagree about what one spec allows.
 */
export { allOperations as generatedOperations, type SurfaceOperation as SandboxOperation } from '../internal/surfaces.js';

/** The surface selected by the `Quo-Api-Version` header, on unprefixed paths. */
export const DATED_SURFACE = '2026-03-30';
