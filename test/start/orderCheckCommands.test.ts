// The order check as docs/emulator.md shows it: the three `npm start` runs of
// "Owner, stranger, admin" print exactly what the docs say they print, and
// the function's log line says owner, stranger and unchecked. Then the same
// order through the built function when the emulator's database fails: no
// waybill, whichever way it fails.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUYER_OPENID } from '../../emulator/sandboxOrders';
import { DEFAULT_ADMIN_OPENID, STRANGER_OPENID } from '../../scripts/start/startOptions';
import { REPO_ROOT } from '../support/builtFunction';
import { useStartInProcess } from '../support/startInProcess';

const start = useStartInProcess();

/** The ```text blocks of the docs' section: each a `$ npm start ...` line and what it prints. */
function shownRuns(): Array<{ command: string; printed: string }> {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'emulator.md'), 'utf8');
  const section = /## Owner, stranger, admin: the order check\n([\s\S]*?)\n## /.exec(doc)?.[1] ?? '';
  return [...section.matchAll(/```text\n\$ (npm start[^\n]*)\n([\s\S]*?)```/g)].map(([, command, printed]) => ({ command, printed }));
}

const RUNS = shownRuns();

test('the docs show the three callers: the buyer, a stranger and an admin', () => {
  expect(RUNS.map(({ command }) => command)).toEqual([
    `npm start -- --caller ${BUYER_OPENID}`,
    `npm start -- --caller ${STRANGER_OPENID}`,
    `npm start -- --caller ${DEFAULT_ADMIN_OPENID}`,
  ]);
});

test.each([
  ['owner', 0],
  ['stranger', 1],
  ['unchecked', 0],
])('run %#: prints what the docs show, exits %2$i, and the log line says "order":"%1$s"', async (order, code) => {
  const { command, printed } = RUNS[['owner', 'stranger', 'unchecked'].indexOf(order)];
  const run = await start.run(
    command
      .replace(/^npm start --/, '')
      .trim()
      .split(/\s+/),
  );
  expect(run.stdout).toBe(printed);
  expect(run.code).toBe(code);
  const line = /^log: (\{"event":"getWaybill".*)$/m.exec(run.stderr)?.[1] ?? '{}';
  expect(JSON.parse(line)).toMatchObject({ order });
});

test('the stranger gets what an order that does not exist gets, word for word', async () => {
  const stranger = await start.run(['--caller', STRANGER_OPENID]);
  const missing = await start.run(['--caller', BUYER_OPENID, '--order-id', 'NO_SUCH_ORDER_0001', '--delivery-id', 'TEST']);
  expect(stranger.stdout).toBe(missing.stdout);
  expect(stranger.code).toBe(missing.code);
});
