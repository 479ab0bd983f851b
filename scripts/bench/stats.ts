// Small, exact statistics for benchmark samples: medians and spreads, no
// averages (one GC pause or a neighbour's jest run would drag a mean).

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export interface Spread {
  median: number;
  /** Interquartile range: the middle half of the runs lies between p25 and p75. */
  p25: number;
  p75: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(samples: readonly number[]): Spread {
  return {
    median: median(samples),
    p25: quantile(samples, 0.25),
    p75: quantile(samples, 0.75),
    min: Math.min(...samples),
    max: Math.max(...samples),
    runs: samples.length,
  };
}

export function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

export function kib(bytes: number): string {
  return bytes >= 1024 * 100 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024).toFixed(1)} KB`;
}
