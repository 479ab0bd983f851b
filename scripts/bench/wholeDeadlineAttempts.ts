// Bench-only: callWithRetries with each attempt allowed the whole deadline (the tail-latency baseline, built in the real one's place).
import { callWithRetries as withAttemptTimeout } from '../../cloudfunctions/getWaybill/src/callWithRetries';

export * from '../../cloudfunctions/getWaybill/src/callWithRetries';

export const callWithRetries: typeof withAttemptTimeout = (attempt, options) =>
  withAttemptTimeout(attempt, { ...options, attemptTimeoutMs: Number.POSITIVE_INFINITY });
