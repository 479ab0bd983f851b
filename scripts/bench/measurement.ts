// A measurement returns its section of BENCHMARKS.md, summary rows holding its figures to goals. Medians, never means (one GC drags a mean).
import type { EmulatorServer } from '../../emulator/emulatorServer';

export interface Bench {
  quick: boolean; // a smoke run: one tiny iteration of everything, figures that mean nothing
  runtimes: ReadonlyArray<{ name: string; binary: string }>; // this Node first, then the older ones (for the cold start)
  cloudEnv: Record<string, string | undefined>; // the cloud's environment: the SDK posting to the bench emulator, an admin calling
  backend: EmulatorServer; // the bench emulator (backend.ts): its calls, its database and the database's latency
  step(what: string): void;
}
/** `goal` is empty when the figure is only reported; `figure` is the number `result` stands on (the smoke test checks it is finite). */
type SummaryRow = { measure: string; goal: string; result: string; figure: number; met?: boolean };
export type Section = { title: string; summary: SummaryRow[]; body: string }; // body: markdown (the method, tables, what they mean)
export type Measurement = (bench: Bench) => Promise<Section>;
export const section = (title: string, summary: SummaryRow[], ...body: string[]): Section => ({ title, summary, body: body.join('\n\n') });

export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const [position, below] = [(sorted.length - 1) * q, Math.floor((sorted.length - 1) * q)];
  return sorted.length === 0 ? Number.NaN : sorted[below] + (sorted[Math.ceil(position)] - sorted[below]) * (position - below);
}
export const median = (samples: readonly number[]): number => quantile(samples, 0.5);
/** Median (p25–p75). */
export const span = (samples: readonly number[], digits = 0): string =>
  `${median(samples).toFixed(digits)} (${quantile(samples, 0.25).toFixed(digits)}–${quantile(samples, 0.75).toFixed(digits)})`;
export const x = (ratio: number, digits = 2): string => `${ratio.toFixed(digits)}x`;
export const percent = (rate: number): string => `${(rate * 100).toFixed(0)}%`;
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(bytes >= 100 * 1024 ? 0 : 1)} KB`;

/** A markdown table; the header and each row (or its `cells`) are their cells joined by ' | '. */
export function table(head: string, rows: ReadonlyArray<string | { cells: string }>): string {
  const lines = [head, head.split(' | ').fill('---').join(' | '), ...rows.map((row) => (typeof row === 'string' ? row : row.cells))];
  return lines.map((line) => `| ${line} |`).join('\n');
}

export function summaryRow(measure: string, goal: string, result: string, figure: number, met?: boolean): SummaryRow {
  return { measure, goal, result, figure, met };
}

/** A summary row held to "ratio ≤ bound" (or "<"). */
export const ratioGoal = (measure: string, ratio: number, bound: number, relation: '≤' | '<' = '≤', digits = 2): SummaryRow =>
  summaryRow(measure, `${relation} ${bound}x`, x(ratio, digits), ratio, relation === '≤' ? ratio <= bound : ratio < bound);
