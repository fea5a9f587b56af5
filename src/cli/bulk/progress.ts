import type { SingleBar } from 'cli-progress';
import type { CliContext } from '../context.js';
import { loadOptional } from '../optional.js';

export interface Counts {
  readonly sent: number;
  readonly reconciled: number;
  readonly failed: number;
  readonly uncertain: number;
}

/** Requests per second the API allows one key, the pace a bulk send is expected to keep before it has measured its own. */
const EXPECTED_PER_SECOND = 10;
/** Rows to finish before the measured rate is trusted over the expected one. */
const WARM_UP_ROWS = 10;

/** Seconds left, from the measured rate once there is one, and from the rate limit before that. */
export function etaSeconds(remaining: number, finished: number, elapsedMs: number): number {
  const measured = elapsedMs > 0 ? (finished * 1000) / elapsedMs : 0;
  const perSecond = finished >= WARM_UP_ROWS && measured > 0 ? measured : EXPECTED_PER_SECOND;
  return Math.ceil(remaining / perSecond);
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
  /** Rows finished before the bar started, which the measured rate leaves out. */
  private readonly initial: number;

  private constructor(
    private readonly bar: SingleBar | undefined,
    private readonly total: number,
    private counts: Counts,
    private readonly context: CliContext,
  ) {
    this.initial = this.finished();
  }

  /** A bar over `total` rows, of which those in `counts` are already finished. */
  static async start(context: CliContext, total: number, counts: Counts): Promise<ProgressBar> {
    const stream = context.io.stderr as NodeJS.WriteStream;
    if (context.options.json || !stream.isTTY || total === 0) return new ProgressBar(undefined, total, counts, context);
    const { default: cliProgress } = await loadOptional('cli-progress', () => import('cli-progress'));
    const colors = context.colors('stderr');
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `{bar} {value}/{total} | {rate} msg/s | ETA {eta} | sent {sent}, found sent {reconciled}, ${colors.yellow('to check {uncertain}')}, ${colors.red('failed {failed}')}{note}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const progress = new ProgressBar(bar, total, counts, context);
    bar.start(total, progress.finished(), progress.payload());
    return progress;
  }

  update(counts: Counts): void {
    this.counts = counts;
    this.bar?.update(this.finished(), this.payload());
  }

  /** Shows a note in the bar's line, e.g. that the run is stopping. */
  status(note: string): void {
    this.note = note;
    if (this.bar) this.bar.update(this.finished(), this.payload());
    else this.context.note(note);
  }

  stop(): void {
    this.bar?.stop();
  }

  private finished(): number {
    const { sent, reconciled, failed, uncertain } = this.counts;
    return sent + reconciled + failed + uncertain;
  }

  private payload() {
    const elapsedMs = performance.now() - this.started;
    const finishedHere = this.finished() - this.initial;
    return {
      ...this.counts,
      rate: elapsedMs > 0 ? ((finishedHere * 1000) / elapsedMs).toFixed(1) : '0.0',
      eta: formatDuration(etaSeconds(this.total - this.finished(), finishedHere, elapsedMs)),
      note: this.note ? ` | ${this.note}` : '',
    };
  }
}
