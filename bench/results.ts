/**
 * The figures the README states about performance come from here, never by
 * hand: each bench reports a section of figures, each beside its goal;
 * `npm run bench` saves them to `bench/results.json` and writes them into the
 * README between the markers, with when, where and on which Node they were
 * measured. A section not run this time keeps its last saved figures.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';

export interface Figure {
  readonly figure: string;
  readonly measured: string;
  readonly goal: string;
}

export interface Section {
  readonly id: string;
  readonly title: string;
  /** ISO date of the run. */
  readonly date: string;
  /** CPU model, cores and the load average at the end of the section. */
  readonly machine: string;
  readonly node: string;
  readonly figures: readonly Figure[];
}

export interface Results {
  readonly sections: readonly Section[];
}

const RESULTS_FILE = new URL('./results.json', import.meta.url);
export const README_FILE = new URL('../README.md', import.meta.url);
export const BLOCK_START = '<!-- bench:start -->';
export const BLOCK_END = '<!-- bench:end -->';

/** A section measured now, on this machine. */
export function section(id: string, title: string, figures: readonly Figure[]): Section {
  const cpus = os.cpus();
  return {
    id,
    title,
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
    node: process.version,
    figures,
  };
}

/** Prints a section's figures, each beside its goal. */
export function printSection({ title, figures }: Section): void {
  console.log(`\n## ${title}: figures and goals\n`);
  console.table(figures);
}

/** The saved sections with `fresh` replacing those of the same id, in the order given by `order` (unknown ids last). */
export function merge(saved: Results, fresh: readonly Section[], order: readonly string[]): Results {
  const byId = new Map(saved.sections.map((s) => [s.id, s]));
  for (const s of fresh) byId.set(s.id, s);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return { sections: [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id)) };
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The README's block: one table per section, headed by what it measures and where. */
export function renderBlock({ sections }: Results): string {
  const lines = [BLOCK_START, '<!-- Written by `npm run bench` from bench/results.json: do not edit by hand. -->', ''];
  for (const s of sections) {
    lines.push(`**${s.title}** (${s.date}, Node ${s.node}, ${s.machine})`, '');
    lines.push('| Figure | Measured | Goal |', '| --- | --- | --- |');
    for (const f of s.figures) lines.push(`| ${cell(f.figure)} | ${cell(f.measured)} | ${cell(f.goal)} |`);
    lines.push('');
  }
  lines.push(BLOCK_END);
  return lines.join('\n');
}

/** The block as it stands in `readme`, markers included. */
export function blockIn(readme: string): string {
  const start = readme.indexOf(BLOCK_START);
  const end = readme.indexOf(BLOCK_END);
  if (start < 0 || end < start) throw new Error(`the README has no ${BLOCK_START} … ${BLOCK_END} block`);
  return readme.slice(start, end + BLOCK_END.length);
}

export async function readResults(): Promise<Results> {
  try {
    return JSON.parse(await readFile(RESULTS_FILE, 'utf8')) as Results;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sections: [] };
    throw error;
  }
}

/** Saves the results and writes them into the README. */
export async function saveResults(results: Results): Promise<void> {
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const readme = await readFile(README_FILE, 'utf8');
  await writeFile(README_FILE, readme.replace(blockIn(readme), renderBlock(results)));
}
