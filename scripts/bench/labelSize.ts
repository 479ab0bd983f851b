// Part 3: one process per label size, up to the largest label that still fits
// the result cap (found with toWaybill itself, so it follows MAX_RESULT_BYTES).
import { toWaybill } from '../../cloudfunctions/getWaybill/src/toWaybill';
import { runWorker } from './childWorker';
import { BENCH_EVENT, makeLabelHtml, orderBody } from './labelFixture';
import type { LabelSizeSamples } from './labelSizeWorker';
import { median } from './stats';

export interface LabelSizeRow {
  labelBytes: number;
  calls: number;
  /** Median CPU of a call with the label, and of the same call with no label. */
  oursCpuUs: number;
  noLabelCpuUs: number;
  docsExampleCpuUs: number;
  oursWallUs: number;
  /** (with label - without) per KB of label: what the label itself costs. */
  cpuUsPerKb: number;
  /** Median bytes one call allocates, and as a multiple of the label. */
  oursAllocated: number;
  docsExampleAllocated: number;
  allocatedPerLabel: number;
  /** What our function allocates beyond the docs' example (the SDK's own share), per label byte. */
  addedPerLabel: number;
  discardedForGc: number;
}

function fitsCap(labelBytes: number): boolean {
  const body = orderBody(makeLabelHtml(labelBytes));
  const raw = {
    orderId: body.order_id,
    deliveryId: body.delivery_id,
    waybillId: body.waybill_id,
    orderStatus: 0,
    waybillData: body.waybill_data,
    printHtml: body.print_html,
  };
  const shaped = toWaybill(raw, { orderId: BENCH_EVENT.orderId, deliveryId: BENCH_EVENT.deliveryId }, true);
  return shaped.fits && shaped.waybill.labelHtml !== null;
}

/** Binary search: the largest label (in bytes of UTF-8) our function still returns. */
export function largestLabelUnderCap(): number {
  let fits = 1024;
  let tooBig = 2_000_000;
  if (!fitsCap(fits) || fitsCap(tooBig)) throw new Error('the result cap is outside 1 KB .. 2 MB');
  while (tooBig - fits > 1) {
    const middle = Math.floor((fits + tooBig) / 2);
    if (fitsCap(middle)) fits = middle;
    else tooBig = middle;
  }
  return fits;
}

export function summariseLabelSize(samples: LabelSizeSamples): LabelSizeRow {
  const cpu = (costs: LabelSizeSamples['withLabel']): number => median(costs.map((c) => c.cpuUs));
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
    oursWallUs: median(samples.withLabel.map((c) => c.wallUs)),
    cpuUsPerKb: (oursCpuUs - noLabelCpuUs) / (samples.labelBytes / 1024),
    oursAllocated,
    docsExampleAllocated,
    allocatedPerLabel: oursAllocated / samples.labelBytes,
    addedPerLabel: (oursAllocated - docsExampleAllocated) / samples.labelBytes,
    discardedForGc: samples.discardedForGc,
  };
}

export const LABEL_SIZE_FLAGS = ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'];

export async function measureLabelSize(labelBytes: number, timedCalls: number, memoryRepetitions: number): Promise<LabelSizeRow> {
  const samples = await runWorker<LabelSizeSamples>(
    'labelSizeWorker.ts',
    [labelBytes, timedCalls, memoryRepetitions].map(String),
    LABEL_SIZE_FLAGS,
  );
  return summariseLabelSize(samples);
}
