// Bench-only: callWithRetries with no per-attempt timeout, each attempt
// allowed the whole deadline, as before that timeout existed. functions.ts
// builds it in the real module's place for the tail-latency baseline.
import { callWithRetries as withAttemptTimeout } from '../../cloudfunctions/getWaybill/src/callWithRetries';

export * from '../../cloudfunctions/getWaybill/src/callWithRetries';

export const callWithRetries: typeof withAttemptTimeout = (attempt, options) =>
  withAttemptTimeout(attempt, { ...options, attemptTimeoutMs: Number.POSITIVE_INFINITY });
