// The largest label our function still returns: found with toWaybill itself,
// so it follows MAX_RESULT_BYTES and the answer's own envelope.
import { toWaybill } from '../../cloudfunctions/getWaybill/src/toWaybill';
import { BENCH_DELIVERY_ID, benchEvent, orderBody } from './benchBackend';

function fitsCap(labelBytes: number): boolean {
  const orderId = String(benchEvent({ labelBytes }).orderId);
  const shaped = toWaybill(orderBody(orderId, labelBytes), { orderId, deliveryId: BENCH_DELIVERY_ID }, true);
  return shaped.fits && shaped.waybill.labelHtml !== null;
}

/** Binary search over bytes of UTF-8 label. */
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
