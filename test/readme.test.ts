import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '../generated/v1.operations.js';
import { OperationMatcher } from '../src/internal/transport/operations.js';
import { projectRoot } from './helpers/shared-specs.js';

const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');

describe('README', () => {
  it('documents the retry decision of every operation, as the transport makes it', () => {
    const matcher = new OperationMatcher(Object.values(operations));
    const table = readme.slice(readme.indexOf('| Operation | | Retried after it may have been processed? |'));
    const lines = table.split('\n').slice(2);
    const rows = lines.slice(
      0,
      lines.findIndex((line) => !line.startsWith('|')),
    );
    const documented = new Map<string, boolean>();
    for (const row of rows) {
      const [names, , decision] = row
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      for (const name of names!.match(/`([A-Za-z_0-9]+)`/g)!) documented.set(name.slice(1, -1), decision!.startsWith('yes'));
    }
    expect(documented.size).toBeGreaterThan(0);
    // The table may lag a regenerated spec that grew: new operations follow the rule by method, which the README states.
    expect(Object.keys(operations)).toEqual(expect.arrayContaining([...documented.keys()]));
    for (const op of Object.values(operations).filter((op) => documented.has(op.operationId))) {
      const { idempotent } = matcher.match(op.method, op.path.replace(/\{[^}]+\}/g, 'X1'));
      expect({ op: op.operationId, retried: documented.get(op.operationId) }).toEqual({ op: op.operationId, retried: idempotent });
    }
  });
});
