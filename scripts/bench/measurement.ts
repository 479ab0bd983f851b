// What a measurement is: a function that takes its figures and returns its
// section of BENCHMARKS.md, with the summary rows that hold them to their
// goals. A new measurement is one such function, listed in run.ts.
// Statistics are medians and quartiles, never means: one GC pause or a
// neighbour's build on a shared machine would drag a mean.

export interface NodeRuntime {
  /** e.g. "Node 12.22.12" */
  name: string;
  binary: string;
}

export interface Bench {
  /** A smoke run: one tiny iteration of everything, figures that mean nothing. */
  quick: boolean;
  /** This Node first, then the older ones WeChat Cloud offers (for the cold start). */
  runtimes: readonly NodeRuntime[];
  /** The cloud's environment: the SDK posting to the bench emulator (backend.ts), an admin calling. */
  cloudEnv: Record<string, string | undefined>;
  step(what: string): void;
}

export interface SummaryRow {
  measure: string;
  /** Empty when the figure is only reported. */
  goal: string;
  result: string;
  /** The number the result stands on: the smoke test checks that it is finite. */
  figure: number;
  met?: boolean;
}

export interface Section {
  title: string;
  summary: SummaryRow[];
  /** Markdown: how it was measured, the tables, and what the figures mean. */
  body: string;
}

export type Measurement = (bench: Bench) => Promise<Section>;

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  return sorted[below] + (sorted[Math.ceil(position)] - sorted[below]) * (position - below);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export interface Spread {
  median: number;
  p25: number;
  p75: number;
  runs: number;
}

export const spread = (samples: readonly number[]): Spread => ({
  median: median(samples),
  p25: quantile(samples, 0.25),
  p75: quantile(samples, 0.75),
  runs: samples.length,
});

export const x = (ratio: number, digits = 2): string => `${ratio.toFixed(digits)}x`;
export const span = (s: Spread, digits = 0): string => `${s.median.toFixed(digits)} (${s.p25.toFixed(digits)}–${s.p75.toFixed(digits)})`;
export const percent = (rate: number): string => `${(rate * 100).toFixed(0)}%`;
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(bytes >= 100 * 1024 ? 0 : 1)} KB`;

/** A markdown table; the header and each row are their cells joined by ' | '. */
export const table = (head: string, rows: readonly string[]): string =>
  [head, head.split(' | ').fill('---').join(' | '), ...rows].map((row) => `| ${row} |`).join('\n');

/** A summary row held to "ratio ≤ bound" (or "<"). */
export function ratioGoal(measure: string, ratio: number, bound: number, relation: '≤' | '<' = '≤', digits = 2): SummaryRow {
  const met = relation === '≤' ? ratio <= bound : ratio < bound;
  return { measure, goal: `${relation} ${bound}x`, result: x(ratio, digits), figure: ratio, met };
}
