// What counts as a leak in a log line: anything that identifies a person.
import { ALL_TEST_OPENIDS, PERSONAL_MARKERS } from './people';

export interface Leak {
  line: string;
  why: string;
}

const PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['a Chinese mobile number', /(?<!\d)1[3-9]\d{9}(?!\d)/],
  ['a landline number', /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/],
  ['something shaped like an openid', /(?<![A-Za-z0-9_-])o[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/],
];

export function findLeaks(lines: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const line of lines) {
    for (const openid of ALL_TEST_OPENIDS) if (line.includes(openid)) leaks.push({ line, why: `the openid ${openid}` });
    for (const marker of PERSONAL_MARKERS) if (line.includes(marker)) leaks.push({ line, why: `personal data (${marker})` });
    for (const [why, pattern] of PATTERNS) if (pattern.test(line)) leaks.push({ line, why });
  }
  return leaks;
}
