// Captures everything a test file makes the function log: the service's
// injected log, and console.* for the built bundle (the SDK logs there too).
// Each reliability file ends with expectNoPersonalDataLogged(capture), so
// the whole suite's logs are checked.
import { inspect } from 'node:util';
import { findLeaks } from './logLeaks';

export interface LogCapture {
  /** Pass as deps.log to the service. */
  log: (line: string) => void;
  lines: string[];
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'group', 'groupCollapsed'] as const;

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const spies: jest.SpyInstance[] = [];
  beforeAll(() => {
    for (const method of CONSOLE_METHODS) {
      spies.push(
        jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 8 }))).join(' '));
        }),
      );
    }
  });
  afterAll(() => spies.forEach((spy) => spy.mockRestore()));
  return { log: (line) => lines.push(line), lines };
}

/** Declare last in a file: tests in a file run in order, so this sees every line. */
export function expectNoPersonalDataLogged(capture: LogCapture): void {
  test('nothing logged in this file identifies a person (no label, openid or phone number)', () => {
    expect(capture.lines.length).toBeGreaterThan(0); // the capture really captured
    expect(findLeaks(capture.lines)).toEqual([]);
  });
}
