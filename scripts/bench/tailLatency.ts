// Tail latency: some first attempts never answer. With the per-attempt
// timeout such an attempt is abandoned and retried while there is time; the
// baseline (NO_ATTEMPT_TIMEOUT) lets it hold the call until the deadline.
import { attemptTimeoutFor, DEFAULT_DEADLINE_MS } from '../../cloudfunctions/getWaybill/src/config';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { benchEvent } from './backend';
import { BUILT, loadMain, NO_ATTEMPT_TIMEOUT } from './functions';
import { percent, quantile, table, type Measurement } from './measurement';
import { inWorker } from './worker';

/** `firstN` numbers this variant's order ids, so the two variants' attempts are counted apart. */
export async function sampleTail(file: string, calls: number, hangEvery: number, concurrency: number, firstN: number) {
  const main = loadMain(file) as (event: unknown) => Promise<GetWaybillResult>;
  await main(benchEvent({ labelBytes: 0, n: firstN - 1 }));
  const samples: Array<{ outcome: string; wallMs: number }> = [];
  for (let start = 0; start < calls; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, calls - start) }, (_, k) => start + k);
    const call = async (i: number) => {
      const started = process.hrtime.bigint();
      const result = await main(benchEvent({ labelBytes: 0, hangFirstAttempt: i % hangEvery === 0, n: firstN + i }));
      return { outcome: result.ok ? 'OK' : result.error.code, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    samples.push(...(await Promise.all(batch.map(call))));
  }
  return samples;
}

export const tailLatency: Measurement = async ({ quick, cloudEnv, step }) => {
  step('tail latency: hung first attempts, with and without the per-attempt timeout');
  const [calls, hangEvery, concurrency] = quick ? [2, 2, 2] : [200, 10, 20];
  const variants = [
    { name: 'per-attempt timeout (as built)', file: BUILT },
    { name: 'no per-attempt timeout', file: NO_ATTEMPT_TIMEOUT },
  ];
  // Both at once, in two workers: the same minutes of a shared machine for both.
  const rows = (
    await Promise.all(
      variants.map((v, i) => inWorker(__filename, sampleTail, [v.file, calls, hangEvery, concurrency, (i + 1) * 1e6], { env: cloudEnv })),
    )
  ).map((samples, i) => {
    const walls = samples.map((s) => s.wallMs);
    const failures = new Map<string, number>();
    for (const { outcome } of samples) if (outcome !== 'OK') failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
    const ok = samples.filter((s) => s.outcome === 'OK').length / samples.length;
    const failed = [...failures].map(([code, n]) => `${n} ${code}`).join(', ') || '–';
    const quantiles = [0.5, 0.95, 1].map((q) => quantile(walls, q).toFixed(0)).join(' | ');
    return { ok, p95: quantile(walls, 0.95), cells: `${variants[i].name} | ${calls} | ${percent(ok)} | ${failed} | ${quantiles}` };
  });
  const [timed, untimed] = rows;
  const result = rows.map((row) => `${percent(row.ok)} ok, p95 ${row.p95.toFixed(0)} ms`).join(' vs ');
  const measure = `tail: ${percent(1 / hangEvery)} of first attempts hang; success and p95 with vs without the per-attempt timeout`;
  return {
    title: 'Tail latency',
    summary: [{ measure, goal: 'all succeed, lower p95', result, figure: timed.p95, met: timed.ok === 1 && timed.p95 < untimed.p95 }],
    body: [
      `The built function through the network seam, against a backend where the first getOrder attempt of one call in ${hangEvery} never answers (the rest answer at once). With the default WAYBILL_DEADLINE_MS of ${DEFAULT_DEADLINE_MS} ms the per-attempt timeout is ${attemptTimeoutFor(DEFAULT_DEADLINE_MS)} ms: a hung attempt is abandoned then and retried. The baseline is a bench-only build of the same bundle in which an attempt may use the whole deadline (out/bench/getWaybill.noAttemptTimeout.js, scripts/bench/wholeDeadlineAttempts.ts). ${calls} calls each, ${Math.ceil(calls / hangEvery)} of them hung first, in concurrent batches of ${concurrency}, both variants at the same time in two processes.`,
      table(
        'variant | calls | succeeded | failures | p50 ms | p95 ms | max ms',
        rows.map((row) => row.cells),
      ),
      "The timeout leaves room for a retry after the backoff, and its floor keeps slow but healthy answers (WeChat's openapi usually answers in a few hundred milliseconds) from being cut off when a short WAYBILL_DEADLINE_MS is set (cloudfunctions/getWaybill/src/config.ts says how it is chosen).",
    ].join('\n\n'),
  };
};
