import { methods } from '../../generated/methods.js';
import { surfaces as tables } from '../../generated/operations.js';
import type { OperationDescriptor } from '../../src/internal/operation-types.js';

/** Every surface's operation table, by its surface name (`v1`, `2026-03-30`). */
export const surfaceTables = Object.values(tables).map(({ spec, operations }) => ({
  surface: spec.surface,
  operations: operations as Readonly<Record<string, OperationDescriptor>>,
}));

/** The operation with this id and the surface whose table holds it: exactly one does. */
export function operationOf(operationId: string): { surface: string; operation: OperationDescriptor } {
  const found = surfaceTables.flatMap(({ surface, operations }) => (Object.hasOwn(operations, operationId) ? [{ surface, operation: operations[operationId]! }] : []));
  if (found.length !== 1) throw new Error(`${operationId} is in ${found.length} operation tables, not one`);
  return found[0]!;
}

/** The operation `client.<name>` calls, as the generated methods table says today: a method moved to another surface moves with it. */
export function operationOfMethod(name: keyof typeof methods): { surface: string; operation: OperationDescriptor } {
  return operationOf(methods[name].operationId);
}
