/**
 * The README's performance figures are the bench's: the block between the
 * markers must be exactly what `npm run bench` writes from its last saved
 * results, and every section must say when, where and on which Node it ran.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BLOCK_END, BLOCK_START, README_FILE, blockIn, merge, readResults, renderBlock, type Section } from '../bench/results.js';

describe('the README’s performance figures', () => {
  it('match bench/results.json, the bench’s last saved output', async () => {
    const [readme, results] = await Promise.all([readFile(README_FILE, 'utf8'), readResults()]);
    expect(results.sections.length).toBeGreaterThan(0);
    expect(blockIn(readme)).toBe(renderBlock(results));
  });

  it('come with the date, machine and Node version of their run, and a goal beside each', async () => {
    const { sections } = await readResults();
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      expect(section.date, section.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(section.node, section.id).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(section.machine, section.id).toMatch(/, \d+ cores, load average \d/);
      expect(section.figures.length, section.id).toBeGreaterThan(0);
      for (const figure of section.figures) expect(figure.goal, `${section.id}: ${figure.figure}`).not.toBe('');
    }
  });
});

describe('writing the block', () => {
  const section = (id: string, measured: string): Section => ({
    id,
    title: `Section ${id}`,
    date: '2026-01-02',
    machine: 'CPU, 2 cores, load average 1.0',
    node: 'v20.0.0',
    figures: [{ figure: 'a | b', measured, goal: '≥ 1' }],
  });

  it('a run of some sections keeps the others’ last figures, in the bench’s order', () => {
    const saved = { sections: [section('b', 'old b'), section('a', 'old a')] };
    const merged = merge(saved, [section('b', 'new b'), section('c', 'new c')], ['a', 'b', 'c']);
    expect(merged.sections.map((s) => [s.id, s.figures[0]!.measured])).toEqual([
      ['a', 'old a'],
      ['b', 'new b'],
      ['c', 'new c'],
    ]);
  });

  it('renders one table per section between the markers, escaping pipes in cells', () => {
    const block = renderBlock({ sections: [section('a', '1.5×')] });
    expect(block.startsWith(BLOCK_START) && block.endsWith(BLOCK_END)).toBe(true);
    expect(block).toContain('**Section a** (2026-01-02, Node v20.0.0, CPU, 2 cores, load average 1.0)');
    expect(block).toContain('| a \\| b | 1.5× | ≥ 1 |');
    expect(blockIn(`before\n${block}\nafter`)).toBe(block);
    expect(() => blockIn('no markers')).toThrow(BLOCK_START);
  });
});
