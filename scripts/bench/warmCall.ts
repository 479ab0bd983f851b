// Warm calls against the docs' example in ABBA blocks (functions.ts): through the network seam, then the SDK answered in-process.
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { benchEvent, orderBody } from './backend';
import { alternate, answerSdkInProcess, BUILT, type CallCost, DOCS_EXAMPLE, EXTERNAL_SDK, invoke, loadMain } from './functions';
import { kib, median, ratioGoal, section, span, table, x, type Bench, type Measurement } from './measurement';
import { inWorker } from './worker';

const LABEL_BYTES = 10 * 1024;
type Seam = 'network' | 'inProcess';

/** @public (a worker runs it by name) */
export async function sampleWarmCalls(seam: Seam, blocks: number, perBlock: number, warmUp: number) {
  const event = benchEvent({ labelBytes: LABEL_BYTES });
  const body = orderBody(String(event.orderId), LABEL_BYTES);
  if (seam === 'inProcess') answerSdkInProcess(() => body);
  const ours = loadMain(seam === 'inProcess' ? EXTERNAL_SDK : BUILT);
  const docsExample = loadMain(DOCS_EXAMPLE);
  const probe = (await ours(event)) as GetWaybillResult;
  if (!probe.ok || Buffer.byteLength(probe.waybill.labelHtml ?? '') !== LABEL_BYTES)
    throw new Error(`our function did not return the ${LABEL_BYTES}-byte label: ${JSON.stringify(probe).slice(0, 200)}`);
  return alternate({ ours: () => invoke(ours, event), docsExample: () => invoke(docsExample, event) }, { blocks, perBlock, warmUp });
}

async function sideBySide(bench: Bench, seam: Seam, title: string, goal: number, text: (calls: number, perBlock: number) => string[]) {
  const [blocks, perBlock, warmUp] = bench.quick ? [2, 2, 2] : [20, 200, 500];
  const samples = await inWorker(__filename, sampleWarmCalls, [seam, blocks, perBlock, warmUp], { env: bench.cloudEnv });
  // Each block against its neighbour on the other side: the same minute, the same neighbours on the machine.
  const ratio = (key: keyof CallCost): number => median(samples.ours.map((block, i) => block[key] / samples.docsExample[i][key]));
  const row = (name: string, key: keyof CallCost): string =>
    `${name} | ${span(samples.ours.map((b) => b[key]))} | ${span(samples.docsExample.map((b) => b[key]))} | ${x(ratio(key))}`;
  const [method, meaning] = text(blocks * perBlock, perBlock);
  const costs = table('per call | getWaybill | docs example | ratio', [row('CPU µs', 'cpuUs'), row('wall µs', 'wallUs')]);
  return section(title, [ratioGoal(`${title}: CPU per call vs docs' example`, ratio('cpuUs'), goal)], method, costs, meaning);
}

export const warmCall: Measurement = (bench) =>
  sideBySide(bench, 'network', 'Warm call through the network seam', 1.1, (calls, perBlock) => [
    `Both functions as the cloud runs them, the built index.js and the docs' example, each posting to the emulator's service endpoint on 127.0.0.1 (the emulator runs in the parent process, so its work is not counted), with the same answer: an order with a ${kib(LABEL_BYTES)} label. One worker process, ${calls} timed calls per side after warm-up, in alternating blocks of ${perBlock} calls (ABBA), each block timed as a whole (process.cpuUsage, so the garbage collections a block's calls cause are in its CPU); the ratio is the median over neighbouring block pairs of (ours / baseline). A call is \`main(event)\` then \`JSON.stringify\` of its result, as the runtime does before sending it back. Our function is called as an admin, so it validates, checks the policy, decodes the label and logs its line; its stdout is /dev/null, so the log line is written, not skipped. Microseconds per call, median over blocks (p25–p75).`,
    "Most of either side's CPU is the SDK's request path (TC3 signing, the multipart form, the HTTP client, protobuf and JSON), the same for both; what ours adds to it is measured on its own in the next section.",
  ]);

export const ownCode: Measurement = (bench) =>
  sideBySide(bench, 'inProcess', 'Our own code, transport answered in-process', 1.2, (calls, perBlock) => [
    `The same comparison with no HTTP client or server in the way: the SDK's network call (\`CloudBase#callCompatibleWxOpenApi\` of the node_modules copy) answers from memory (answerSdkInProcess in scripts/bench/functions.ts), and our function is a bench-only build with wx-server-sdk left external (out/bench/), so both run on that same patched SDK and what differs is our code. ${calls} timed calls per side in ABBA blocks of ${perBlock}, timed as above, with a ${kib(LABEL_BYTES)} label.`,
    "What ours does that the docs' example does not, per call: the log line through `console.log` (in profiles so far its largest share, and console's machinery rather than the write: `process.stdout.write` of the same line cost next to nothing); decoding the label's BASE64 and UTF-8; measuring the result for the 1 MB cap; the async layers down to the transport with the per-attempt timer; `cloud.getWXContext()`; reading the settings; validating the request. That is what the contract asks for: the decoded HTML (the docs' example returns WeChat's BASE64 untouched), a deadline with a per-attempt timeout, validation and the access policy, one log line per call. The line stays on `console.log` because that is what the cloud runtime ties to the invocation's RequestId in its log search. To find where the time goes, run `node --cpu-prof` over many in-process calls; the profiler inflates small frequent calls (console.log most), so judge a change by this measurement before and after it, not by the profile.",
  ]);
