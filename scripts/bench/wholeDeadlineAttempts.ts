// Bench-only: callWithRetries with each attempt allowed the whole deadline, as before the per-attempt timeout existed;
// functions.ts builds it in the real module's place for the tail-latency baseline.
import { callWithRetries as withAttemptTimeout } from '../../cloudfunctions/getWaybill/src/callWithRetries';

export * from '../../cloudfunctions/getWaybill/src/callWithRetries';

export const callWithRetries: typeof withAttemptTimeout = (attempt, options) =>
  withAttemptTimeout(attempt, { ...options, attemptTimeoutMs: Number.POSITIVE_INFINITY });
