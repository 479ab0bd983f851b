// Retries transient upstream failures with exponential backoff and jitter,
// inside one deadline: no attempt starts after it. Each attempt also has its
// own timeout, so that one hung connection is abandoned and retried while
// there is still time, instead of using the whole budget.
import { settleWithin } from './settleWithin';
import { SetupFailure, UpstreamFailure } from './transportPort';

export interface RetryOptions {
  deadlineAt: number;
  /** The longest one attempt may take; shorter when the deadline is nearer. */
  attemptTimeoutMs: number;
  isRetryable: (failure: UpstreamFailure) => boolean;
  /** 0 <= random() < 1; injected so tests can pin the jitter. */
  random: () => number;
  /** True once nobody wants the answer any more: no further attempt starts. */
  abandoned?: () => boolean;
}

export type RetryOutcome<T> = { ok: true; value: T } | { ok: false; failure: UpstreamFailure | SetupFailure };

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 1000;

export function backoffDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  // Half fixed, half random: spreads out callers retrying together without ever retrying at once.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const withinAttempt = <T>(work: Promise<T>, ms: number): Promise<T> =>
  settleWithin(work, ms, () => new UpstreamFailure('timeout', undefined, `no answer within ${ms} ms`));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `attempt` gets the time its answer is due by. Anything thrown but a failure (a bug) propagates at once and is never retried. */
export async function callWithRetries<T>(
  attempt: (attemptDeadlineAt: number) => Promise<T>,
  options: RetryOptions,
): Promise<RetryOutcome<T>> {
  const { deadlineAt, attemptTimeoutMs, isRetryable, random } = options;
  // When time runs out the last failure is reported, as it says more than "no time left".
  let last: UpstreamFailure | undefined;
  const failed = (): RetryOutcome<T> => ({
    ok: false,
    failure: last ?? new UpstreamFailure('timeout', undefined, 'no time left before the deadline'),
  });
  for (let attempts = 1; ; attempts++) {
    if (Date.now() >= deadlineAt) return failed();
    const attemptDeadlineAt = Math.min(deadlineAt, Date.now() + attemptTimeoutMs);
    try {
      return { ok: true, value: await withinAttempt(attempt(attemptDeadlineAt), Math.max(0, attemptDeadlineAt - Date.now())) };
    } catch (error) {
      if (error instanceof SetupFailure) return { ok: false, failure: error };
      if (!(error instanceof UpstreamFailure)) throw error;
      // An attempt the deadline cut short only says that time ran out; what WeChat
      // answered before it (busy, errcode -1) says more, so that one is kept.
      const cutShort = error.kind === 'timeout' && attemptDeadlineAt === deadlineAt && last !== undefined;
      if (!cutShort) last = error;
      if (!isRetryable(error) || options.abandoned?.() === true) return failed();
      const delay = backoffDelayMs(attempts, random);
      if (Date.now() + delay >= deadlineAt) return failed();
      await sleep(delay);
      if (options.abandoned?.() === true) return failed();
    }
  }
}
