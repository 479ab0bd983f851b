// Part 2, in its own process: CPU and wall time per warm call, ours against the
// docs' example, same answer (a 10 KB label), alternating blocks.
import { reportToParent } from './childWorker';
import { invoke, loadFunctionsUnderTest, measureCall, type CallCost } from './functionsUnderTest';
import { BENCH_EVENT, makeLabelHtml, orderBody } from './labelFixture';

export interface WarmCallSamples {
  ours: CallCost[][];
  docsExample: CallCost[][];
  labelBytes: number;
}

async function main(): Promise<void> {
  const [blocks, callsPerBlock, warmUpCalls] = process.argv.slice(2).map(Number);
  const labelBytes = 10 * 1024;
  const functions = loadFunctionsUnderTest();
  functions.answerWith(orderBody(makeLabelHtml(labelBytes)));

  const probe = await functions.ours(BENCH_EVENT);
  if (!probe.ok || probe.waybill.labelHtml === null)
    throw new Error(`our function did not return the label: ${JSON.stringify(probe).slice(0, 200)}`);

  const sides = { ours: () => invoke(functions.ours, BENCH_EVENT), docsExample: () => invoke(functions.docsExample, BENCH_EVENT) };
  for (let i = 0; i < warmUpCalls; i++) {
    await sides.ours();
    await sides.docsExample();
  }
  const samples: WarmCallSamples = { ours: [], docsExample: [], labelBytes };
  for (let block = 0; block < blocks; block++) {
    // ABBA order: whichever side runs second in a pair gets no systematic advantage.
    const order: Array<keyof typeof sides> = block % 2 === 0 ? ['ours', 'docsExample'] : ['docsExample', 'ours'];
    for (const side of order) {
      const costs: CallCost[] = [];
      for (let i = 0; i < callsPerBlock; i++) costs.push(await measureCall(sides[side]));
      samples[side].push(costs);
    }
  }
  reportToParent(samples);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
