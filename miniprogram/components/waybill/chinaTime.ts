// Parcels move in China, so their times read in China Standard Time (UTC+8, no
// daylight saving), whatever the phone's or the machine's zone. The one
// formatter of the mini program and of `npm start`.

const CHINA_OFFSET_SECONDS = 8 * 3600;
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Unix seconds as `MM-DD HH:mm` (or `YYYY-MM-DD HH:mm` with `withYear`) in
 * China Standard Time; '' for a time that is not a finite date, never `NaN`.
 */
export function chinaTime(unixSeconds: number, withYear: boolean = false): string {
  if (!Number.isFinite(unixSeconds)) return '';
  const shifted = new Date((unixSeconds + CHINA_OFFSET_SECONDS) * 1000);
  if (Number.isNaN(shifted.getTime())) return '';
  const day = `${two(shifted.getUTCMonth() + 1)}-${two(shifted.getUTCDate())} ${two(shifted.getUTCHours())}:${two(shifted.getUTCMinutes())}`;
  return withYear ? `${shifted.getUTCFullYear()}-${day}` : day;
}
