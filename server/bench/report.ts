// What every part of `npm run bench` reports: named figures (medians with their spread) and the
// process's peak memory, printed as a table for people or, with `--json`, as one JSON document
// for scripts that compare runs.

export interface Figure {
  /** Stable name scripts compare by, e.g. `engine.full`. */
  name: string;
  /** The workload, e.g. `50x500` (clusters × services per cluster), `demo`. */
  size: string;
  unit: 'ms' | 'MiB' | 'fps' | 'ratio' | 'count';
  median: number;
  min: number;
  max: number;
  runs: number;
  p95?: number;
  /** What a reader needs to interpret the number (counts, the baseline it is compared with). */
  note?: string;
}

export interface BenchReport {
  figures: Figure[];
  peakRssMiB: number;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** The q-quantile by the nearest-rank method (q = 0.5: the upper median of an even count). */
export function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.floor(sorted.length * q));
  return sorted[i]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A figure from raw samples: median, extremes and the run count. */
export function figureOf(
  name: string,
  size: string,
  unit: Figure['unit'],
  samples: readonly number[],
  extra: { p95?: boolean; note?: string } = {},
): Figure {
  return {
    name,
    size,
    unit,
    median: round(median(samples)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
    runs: samples.length,
    ...(extra.p95 ? { p95: round(quantile(samples, 0.95)) } : {}),
    ...(extra.note ? { note: extra.note } : {}),
  };
}

/** Collects figures; prints each as it comes unless the run is for a script (`--json`). */
export class Reporter {
  readonly figures: Figure[] = [];
  private peakRss = 0;

  constructor(private readonly json: boolean) {}

  /** Free-form detail for people (per-detector times, counts); silent with `--json`. */
  log(line: string): void {
    if (!this.json) console.log(line);
  }

  add(figure: Figure): Figure {
    this.figures.push(figure);
    this.sampleMemory();
    const p95 = figure.p95 === undefined ? '' : ` p95 ${figure.p95}`;
    const note = figure.note ? `  (${figure.note})` : '';
    this.log(
      `${figure.name.padEnd(26)} ${figure.size.padEnd(9)} median ${String(figure.median).padStart(9)} ${figure.unit.padEnd(5)} [${figure.min} – ${figure.max}]${p95} n=${figure.runs}${note}`,
    );
    return figure;
  }

  sampleMemory(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
  }

  report(): BenchReport {
    this.sampleMemory();
    return { figures: this.figures, peakRssMiB: Math.round(this.peakRss / 1024 / 1024) };
  }
}
