// What `npm start` prints: a few aligned lines a person can read at a glance.
import type { GetWaybillResult, Track } from '../../miniprogram/contract/getWaybillContract';
import { chinaTime as chinaTimeOf } from '../../miniprogram/components/waybill/chinaTime';

const row = (name: string, value: string): string => `  ${name.padEnd(13)}${value}`.trimEnd();

/** labelPath: where the label was written, if it was. */
export function describeResult(result: GetWaybillResult, labelPath: string | undefined): string {
  if (!result.ok) {
    const { error } = result;
    const details = [
      error.errCode === undefined ? undefined : `errCode ${error.errCode}`,
      error.field === undefined ? undefined : `field ${error.field}`,
      error.retryable ? 'retryable' : 'not retryable',
    ].filter((part) => part !== undefined);
    return [`getWaybill failed: ${error.code} (${details.join(', ')})`, `  ${error.message}`].join('\n');
  }
  const { waybill } = result;
  const lines = [
    'getWaybill ok',
    row('order id', waybill.orderId),
    row('carrier', waybill.deliveryId),
    row('waybill id', waybill.waybillId === '' ? '(none)' : waybill.waybillId),
    row('status', `${waybill.status} (order_status ${waybill.orderStatus})`),
  ];
  if (waybill.waybillData.length === 0) lines.push(row('fields', '(none: this carrier sends no waybill_data)'));
  else {
    lines.push(row('fields', ''));
    const width = Math.max(...waybill.waybillData.map((field) => field.key.length));
    for (const field of waybill.waybillData) lines.push(`    ${field.key.padEnd(width)}  ${field.label ?? '(no label)'}  ${field.value}`);
  }
  if (waybill.labelWithheld) lines.push(row('label', 'withheld: the caller is not an admin (add its OPENID to WAYBILL_ADMIN_OPENIDS)'));
  else if (labelPath !== undefined) lines.push(row('label', `written to ${labelPath} (open it in a browser to print)`));
  else lines.push(row('label', `not available (${waybill.labelUnavailable ?? 'absent'})`));
  if (waybill.track !== undefined) lines.push(...describeTrack(waybill.track));
  return lines.join('\n');
}

/** Unix seconds as China Standard Time (UTC+8), where the parcels are: 2026-11-21 14:02 (the page's formatter, with the year). */
export function chinaTime(seconds: number): string {
  return chinaTimeOf(seconds, true);
}

function describeTrack(track: Track): string[] {
  if (!track.available)
    return [
      row('track', `not available: ${track.error.code}${track.error.errCode === undefined ? '' : ` (errCode ${track.error.errCode})`}`),
    ];
  const from = row(
    'track from',
    track.stored
      ? `the cloud database, as WeChat's ${track.source === 'push' ? 'push' : 'getPath answer'} of ${chinaTime(track.confirmedAt)} left it: no getPath call`
      : 'getPath, asked in this call',
  );
  if (track.events.length === 0) return [row('track', 'no events yet'), from];
  const shown = track.events.length < track.totalEvents ? `, the newest ${track.events.length} of ${track.totalEvents}` : '';
  const width = Math.max(...track.events.map((event) => event.stage.length));
  return [
    row('track', `${track.stage ?? ''}${shown} (times in China Standard Time)`),
    ...track.events.map((event) => `    ${chinaTime(event.time)}  ${event.stage.padEnd(width)}  ${event.message}`),
    from,
  ];
}
