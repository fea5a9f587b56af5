import type { Options, Params, SingleBar } from 'cli-progress';
import { stripVTControlCharacters } from 'node:util';
import type { CliContext } from '../context.js';
import { loadOptional } from '../optional.js';

export interface Counts {
  readonly sent: number;
  readonly reconciled: number;
  readonly failed: number;
  readonly uncertain: number;
}

/** Rows to finish before the measured rate is trusted over the expected one. */
const WARM_UP_ROWS = 10;
/** Seconds of recent rows the rate is measured over, so it follows the pace now rather than the average since the start. */
const RATE_WINDOW_SECONDS = 10;
/** The bar's width when the terminal has room, and the narrowest worth drawing. */
const BAR_WIDTH = { max: 40, min: 10 } as const;

/**
 * Rows finished per second over the last few whole seconds (fewer at the
 * start). Whole seconds, because the limit is counted per second: the burst a
 * fresh budget allows at the start does not read as more than it allows.
 */
export function ratePerSecond(finishedAt: readonly number[], startedAt: number, now: number): number {
  const seconds = Math.min(RATE_WINDOW_SECONDS, Math.max(1, Math.ceil((now - startedAt) / 1000)));
  const from = now - seconds * 1000;
  return finishedAt.filter((at) => at > from).length / seconds;
}

/** Seconds left, from the measured rate once there is one, and from the rate limit (`limitPerSecond`) before that. */
export function etaSeconds(remaining: number, finished: number, perSecond: number, limitPerSecond: number): number {
  return Math.ceil(remaining / (finished >= WARM_UP_ROWS && perSecond > 0 ? perSecond : limitPerSecond));
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * The progress bar on stderr, shown only on a terminal and without --json. A
 * note while it runs (Ctrl-C) goes into the bar's own line, so the next redraw
 * does not overwrite it.
 */
export class ProgressBar {
  private readonly started = performance.now();
  private note = '';
  /** When each row finished since the bar started (rows finished before it are left out of the rate). */
  private readonly finishedAt: number[] = [];

  private constructor(
    private readonly bar: SingleBar | undefined,
    private readonly total: number,
    private counts: Counts,
    private readonly context: CliContext,
    /** The pace the rate limit allows, expected until the bar has measured its own. */
    private readonly limitPerSecond: number,
  ) {}

  /** A bar over `total` rows, of which those in `counts` are already finished, sent at up to `limitPerSecond`. */
  static async start(context: CliContext, total: number, counts: Counts, limitPerSecond: number): Promise<ProgressBar> {
    const stream = context.io.stderr as NodeJS.WriteStream;
    if (context.options.json || !stream.isTTY || total === 0) return new ProgressBar(undefined, total, counts, context, limitPerSecond);
    const { default: cliProgress } = await loadOptional('cli-progress', () => import('cli-progress'));
    let progress: ProgressBar | undefined;
    const bar = new cliProgress.SingleBar(
      { stream, format: (options: Options, params: Params) => progress!.line(options, params), barsize: BAR_WIDTH.max, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    progress = new ProgressBar(bar, total, counts, context, limitPerSecond);
    bar.start(total, progress.finished());
    return progress;
  }

  update(counts: Counts): void {
    const now = performance.now();
    const newlyFinished = Math.max(0, finishedOf(counts) - finishedOf(this.counts));
    for (let i = 0; i < newlyFinished; i++) this.finishedAt.push(now);
    this.counts = counts;
    this.bar?.update(this.finished());
  }

  /** Shows a note in the bar's line, e.g. that the run is stopping. */
  status(note: string): void {
    this.note = note;
    if (this.bar) this.bar.update(this.finished());
    else this.context.note(note);
  }

  stop(): void {
    this.bar?.stop();
  }

  private finished(): number {
    return finishedOf(this.counts);
  }

  /** Values for the line; cli-progress keeps them and hands them back to `line`. */
  private payload() {
    const perSecond = ratePerSecond(this.finishedAt, this.started, performance.now());
    return { rate: perSecond.toFixed(1), timeLeft: formatDuration(etaSeconds(this.total - this.finished(), this.finishedAt.length, perSecond, this.limitPerSecond)) };
  }

  /**
   * The bar's line, no wider than the terminal less one column (a line that
   * fills the last column wraps on some terminals): the bar narrows first, then
   * goes, then the text is cut.
   */
  private line(options: Options, params: Params): string {
    const colors = this.context.colors('stderr');
    const { rate, timeLeft } = this.payload();
    const { sent, reconciled, failed, uncertain } = this.counts;
    const text =
      `${params.value}/${params.total} | ${rate} msg/s | ETA ${timeLeft} | sent ${sent}, found sent ${reconciled}, ` +
      `${colors.yellow(`to check ${uncertain}`)}, ${colors.red(`failed ${failed}`)}${this.note ? ` | ${this.note}` : ''}`;
    const room = params.maxWidth - 1;
    const textWidth = stripVTControlCharacters(text).length;
    const barWidth = Math.min(BAR_WIDTH.max, room - textWidth - 1);
    if (barWidth >= BAR_WIDTH.min) {
      const done = Math.round(params.progress * barWidth);
      return `${options.barCompleteString!.slice(0, done)}${options.barIncompleteString!.slice(0, barWidth - done)} ${text}`;
    }
    if (textWidth <= room) return text;
    return `${stripVTControlCharacters(text).slice(0, room - 1)}…`;
  }
}

const finishedOf = ({ sent, reconciled, failed, uncertain }: Counts) => sent + reconciled + failed + uncertain;
