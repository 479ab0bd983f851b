// Retries transient upstream failures with exponential backoff and jitter,
// inside one deadline: no attempt starts after it, and an attempt that is
// still running when it passes is abandoned as a timeout.
import { UpstreamFailure } from './orderSource';

export interface RetryOptions {
  deadlineAt: number;
  isRetryable: (failure: UpstreamFailure) => boolean;
  /** 0 <= random() < 1; injected so tests can pin the jitter. */
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type RetryOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; failure: UpstreamFailure; attempts: number };

export function backoffDelayMs(attempt: number, random: () => number, baseDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  // Half fixed, half random: spreads out callers retrying together without ever retrying at once.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamFailure(undefined, 'timeout', `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Anything but an UpstreamFailure (a SetupFailure, a bug) propagates at once and is never retried. */
export async function callWithRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<RetryOutcome<T>> {
  const { deadlineAt, isRetryable, random = Math.random, baseDelayMs = 100, maxDelayMs = 1000 } = options;
  for (let attempts = 1; ; attempts++) {
    try {
      const value = await withTimeout(attempt(), Math.max(0, deadlineAt - Date.now()));
      return { ok: true, value, attempts };
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      if (!isRetryable(error)) return { ok: false, failure: error, attempts };
      const delay = backoffDelayMs(attempts, random, baseDelayMs, maxDelayMs);
      if (Date.now() + delay >= deadlineAt) return { ok: false, failure: error, attempts };
      await sleep(delay);
    }
  }
}
