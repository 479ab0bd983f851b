// Turns the workers' raw samples into the figures the report shows.
import type { CallCost, AlternatingSamples } from './functionsUnderTest';
import type { LabelSizeSamples } from './inProcessWorker';
import type { TailSample, TrackSamples } from './networkWorker';
import { median, quantile, spread, type Spread } from './stats';

export interface SideBySide {
  labelBytes: number;
  calls: number;
  /** Spread over blocks of each block's CPU or wall time per call. */
  oursCpuUs: Spread;
  docsExampleCpuUs: Spread;
  oursWallUs: Spread;
  docsExampleWallUs: Spread;
  /** Median over neighbouring block pairs (same minute, same neighbours on the machine) of ours over the baseline's. */
  cpuRatio: number;
  wallRatio: number;
}

export function sideBySide(samples: AlternatingSamples & { labelBytes: number; callsPerBlock: number }): SideBySide {
  const of = (blocks: CallCost[], key: keyof CallCost): number[] => blocks.map((block) => block[key]);
  const blockRatio = (key: keyof CallCost): number => median(samples.ours.map((block, i) => block[key] / samples.docsExample[i][key]));
  return {
    labelBytes: samples.labelBytes,
    calls: samples.ours.length * samples.callsPerBlock,
    oursCpuUs: spread(of(samples.ours, 'cpuUs')),
    docsExampleCpuUs: spread(of(samples.docsExample, 'cpuUs')),
    oursWallUs: spread(of(samples.ours, 'wallUs')),
    docsExampleWallUs: spread(of(samples.docsExample, 'wallUs')),
    cpuRatio: blockRatio('cpuUs'),
    wallRatio: blockRatio('wallUs'),
  };
}

export interface LabelSizeRow {
  labelBytes: number;
  calls: number;
  /** Median CPU of a call with the label, and of the same call with no label. */
  oursCpuUs: number;
  noLabelCpuUs: number;
  docsExampleCpuUs: number;
  /** (with label - without) per KB of label: what the label itself costs. */
  cpuUsPerKb: number;
  /** Median bytes one call allocates. */
  oursAllocated: number;
  docsExampleAllocated: number;
  /** What our function allocates beyond the docs' example (the SDK's own share), per label byte. */
  addedPerLabel: number;
  discardedForGc: number;
}

export function labelSizeRow(samples: LabelSizeSamples): LabelSizeRow {
  const cpu = (costs: CallCost[]): number => median(costs.map((c) => c.cpuUs));
  const oursCpuUs = cpu(samples.withLabel);
  const noLabelCpuUs = cpu(samples.withoutLabel);
  const oursAllocated = samples.oursAllocated.length > 0 ? median(samples.oursAllocated) : Number.NaN;
  const docsExampleAllocated = samples.docsExampleAllocated.length > 0 ? median(samples.docsExampleAllocated) : Number.NaN;
  return {
    labelBytes: samples.labelBytes,
    calls: samples.withLabel.length,
    oursCpuUs,
    noLabelCpuUs,
    docsExampleCpuUs: cpu(samples.docsExampleWithLabel),
    cpuUsPerKb: (oursCpuUs - noLabelCpuUs) / (samples.labelBytes / 1024),
    oursAllocated,
    docsExampleAllocated,
    addedPerLabel: (oursAllocated - docsExampleAllocated) / samples.labelBytes,
    discardedForGc: samples.discardedForGc,
  };
}

/** CPU per KB across sizes: largest over smallest (1.0 is perfectly linear). */
export function perKbSpread(rows: readonly LabelSizeRow[]): number {
  const perKb = rows.map((row) => row.cpuUsPerKb);
  return Math.max(...perKb) / Math.min(...perKb);
}

export interface TrackRow {
  orderDelayMs: number;
  pathDelayMs: number;
  withTrackMs: Spread;
  orderOnlyMs: Spread;
  /** What the call costs beyond getOrder's delay (the function, the SDK, the loopback). */
  overheadMs: number;
  /** With the track, over the slower API's delay plus that overhead: 1.0 is fully parallel. */
  ratioToSlower: number;
  /** What running getPath after getOrder would give on the same scale. */
  sequentialRatio: number;
}

export function trackRow(orderDelayMs: number, pathDelayMs: number, samples: TrackSamples): TrackRow {
  const overheadMs = median(samples.orderOnlyMs) - orderDelayMs;
  const slower = Math.max(orderDelayMs, pathDelayMs) + overheadMs;
  return {
    orderDelayMs,
    pathDelayMs,
    withTrackMs: spread(samples.withTrackMs),
    orderOnlyMs: spread(samples.orderOnlyMs),
    overheadMs,
    ratioToSlower: median(samples.withTrackMs) / slower,
    sequentialRatio: (orderDelayMs + pathDelayMs + overheadMs) / slower,
  };
}

export interface TailRow {
  variant: string;
  calls: number;
  hung: number;
  successRate: number;
  /** Error codes seen, with counts. */
  failures: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function tailRow(variant: string, samples: readonly TailSample[]): TailRow {
  const walls = samples.map((s) => s.wallMs);
  const failures: Record<string, number> = {};
  for (const sample of samples) if (sample.outcome !== 'OK') failures[sample.outcome] = (failures[sample.outcome] ?? 0) + 1;
  return {
    variant,
    calls: samples.length,
    hung: samples.filter((s) => s.hungFirst).length,
    successRate: samples.filter((s) => s.outcome === 'OK').length / samples.length,
    failures,
    p50Ms: quantile(walls, 0.5),
    p95Ms: quantile(walls, 0.95),
    maxMs: Math.max(...walls),
  };
}
