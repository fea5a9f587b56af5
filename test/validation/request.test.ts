import { describe, expect, it } from 'vitest';
import { operations } from '../../generated/v1.operations.js';
import { requestIssues } from '../../src/internal/validation/request.js';

const send = (content: unknown) => requestIssues(operations.sendMessage_v1, { body: { from: '+15555550100', to: ['+15555550123'], content } });

describe('request validation order', () => {
  it('reports text over maxLength as too long, without trying the pattern on it', () => {
    const issues = send(' '.repeat(100_000));
    expect(issues.map((issue) => [issue.field, issue.rule])).toEqual([['content', 'maxLength']]);
    expect(issues[0]!.message).toBe('"                                                                            ... must be at most 1600 characters (it has 100000)');
  });

  it('still applies the pattern to text within maxLength', () => {
    expect(send(' '.repeat(1600)).map((issue) => [issue.field, issue.rule])).toEqual([['content', 'pattern']]);
    expect(send(`${' '.repeat(1599)}x`)).toEqual([]);
  });

  it('counts maxLength in code points, as JSON Schema does', () => {
    expect(send('😀'.repeat(1600))).toEqual([]);
    expect(send('😀'.repeat(1601)).map((issue) => issue.rule)).toEqual(['maxLength']);
  });
});
