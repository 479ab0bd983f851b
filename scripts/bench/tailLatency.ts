// Tail latency: some first attempts never answer; the per-attempt timeout retries them, the baseline waits to the deadline.
import { attemptTimeoutFor, DEFAULT_DEADLINE_MS, MIN_DEADLINE_MS } from '../../cloudfunctions/getWaybill/src/settings';
import { benchEvent } from './backend';
import { BUILT, FUNCTIONS_MODULE, NO_ATTEMPT_TIMEOUT, timeCalls } from './functions';
import { percent, quantile, section, table, type Measurement } from './measurement';
import { inWorker } from './worker';

export const tailLatency: Measurement = async ({ quick, cloudEnv }) => {
  const [calls, hangEvery, concurrency] = quick ? [2, 2, 2] : [200, 10, 20];
  // The smoke run waits for its hung call as little as the settings allow: both variants then give up at the deadline.
  const deadlineMs = quick ? MIN_DEADLINE_MS : DEFAULT_DEADLINE_MS;
  const variants = Object.entries({ 'per-attempt timeout (as built)': BUILT, 'no per-attempt timeout': NO_ATTEMPT_TIMEOUT });
  const env = { ...cloudEnv, WAYBILL_DEADLINE_MS: String(deadlineMs) };
  // Both at once, in two workers (the same minutes of a shared machine); order ids apart (attempts are counted per order id).
  const events = (first: number) =>
    Array.from({ length: calls }, (_, i) => benchEvent({ labelBytes: 0, hangFirstAttempt: i % hangEvery === 0, n: first + i }));
  const timing = (file: string, i: number) =>
    inWorker(FUNCTIONS_MODULE, timeCalls, [file, benchEvent({ labelBytes: 0, n: -i }), events(i * 1e6), concurrency], { env });
  const results = await Promise.all(variants.map(([, file], i) => timing(file, i + 1)));
  const rows = results.map((samples, i) => {
    const walls = samples.map((s) => s.wallMs);
    const failures = new Map<string, number>();
    for (const { outcome } of samples) if (outcome !== 'OK') failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
    const ok = samples.filter((s) => s.outcome === 'OK').length / samples.length;
    const failed = [...failures].map(([code, n]) => `${n} ${code}`).join(', ') || '–';
    const quantiles = [0.5, 0.95, 1].map((q) => quantile(walls, q).toFixed(0)).join(' | ');
    return { ok, p95: quantile(walls, 0.95), cells: `${variants[i][0]} | ${calls} | ${percent(ok)} | ${failed} | ${quantiles}` };
  });
  const result = rows.map((row) => `${percent(row.ok)} ok, p95 ${row.p95.toFixed(0)} ms`).join(' vs ');
  const measure = `tail: ${percent(1 / hangEvery)} of first attempts hang; success and p95 with vs without the per-attempt timeout`;
  return section(
    'Tail latency',
    [{ measure, goal: 'all succeed, lower p95', result, figure: rows[0].p95, met: rows[0].ok === 1 && rows[0].p95 < rows[1].p95 }],
    `The built function through the network seam, against a backend where the first getOrder attempt of one call in ${hangEvery} never answers (the rest answer at once). With WAYBILL_DEADLINE_MS at ${deadlineMs} ms${quick ? '' : ' (the default)'} the per-attempt timeout is ${attemptTimeoutFor(deadlineMs)} ms: a hung attempt is abandoned then and retried. The baseline is a bench-only build of the same bundle in which an attempt may use the whole deadline (out/bench/getWaybill.noAttemptTimeout.js, scripts/bench/wholeDeadlineAttempts.ts). ${calls} calls each, ${Math.ceil(calls / hangEvery)} of them hung first, in concurrent batches of ${concurrency}, both variants at the same time in two processes.`,
    table('variant | calls | succeeded | failures | p50 ms | p95 ms | max ms', rows),
    "The timeout leaves room for a retry after the backoff, and its floor keeps slow but healthy answers (WeChat's openapi usually answers in a few hundred milliseconds) from being cut off when a short WAYBILL_DEADLINE_MS is set (cloudfunctions/getWaybill/src/settings.ts says how it is chosen).",
  );
};
