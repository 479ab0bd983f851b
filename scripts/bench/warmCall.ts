// Part 2: summarises warmCallWorker's samples. The ratio is taken per pair of
// neighbouring blocks (same minute, same neighbours on the machine) and the
// median of those ratios is the result.
import { runWorker } from './childWorker';
import { median, spread, type Spread } from './stats';
import type { WarmCallSamples } from './warmCallWorker';

export interface WarmCallResult {
  labelBytes: number;
  calls: number;
  oursCpuUs: Spread;
  docsExampleCpuUs: Spread;
  oursWallUs: Spread;
  docsExampleWallUs: Spread;
  cpuRatio: number;
  wallRatio: number;
}

export interface WarmCallPlan {
  blocks: number;
  callsPerBlock: number;
  warmUpCalls: number;
}

export function summariseWarmCalls(samples: WarmCallSamples): WarmCallResult {
  const flat = (blocks: WarmCallSamples['ours'], key: 'cpuUs' | 'wallUs'): number[] =>
    blocks.flatMap((block) => block.map((cost) => cost[key]));
  const blockRatio = (key: 'cpuUs' | 'wallUs'): number =>
    median(samples.ours.map((block, i) => median(block.map((c) => c[key])) / median(samples.docsExample[i].map((c) => c[key]))));
  return {
    labelBytes: samples.labelBytes,
    calls: samples.ours.reduce((n, block) => n + block.length, 0),
    oursCpuUs: spread(flat(samples.ours, 'cpuUs')),
    docsExampleCpuUs: spread(flat(samples.docsExample, 'cpuUs')),
    oursWallUs: spread(flat(samples.ours, 'wallUs')),
    docsExampleWallUs: spread(flat(samples.docsExample, 'wallUs')),
    cpuRatio: blockRatio('cpuUs'),
    wallRatio: blockRatio('wallUs'),
  };
}

export async function measureWarmCalls(plan: WarmCallPlan): Promise<WarmCallResult> {
  const samples = await runWorker<WarmCallSamples>('warmCallWorker.ts', [plan.blocks, plan.callsPerBlock, plan.warmUpCalls].map(String));
  return summariseWarmCalls(samples);
}
