// What `npm run test:runtimes` does under Node 12 and 16, done under the Node
// running jest, so that `npm test` keeps it honest without downloading
// anything: the runner in a child process, the emulator here, each outcome
// checked against its case.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCasesUnder } from './testRuntimes';
import { BUILT_FUNCTION } from '../support/builtFunction';
import { caseRouter, CONTRACT_CASES, type ContractCase } from '../support/contractCases';
import { orderAnswer } from '../support/sampleAnswers';

const normalOrder = CONTRACT_CASES.find((contractCase) => contractCase.name.startsWith('a normal order')) as ContractCase;

test('the built function passes a case in a child Node, which reports its own version', async () => {
  expect(await runCasesUnder(process.execPath, BUILT_FUNCTION, [normalOrder])).toEqual({
    node: process.version,
    cases: [{ name: normalOrder.name }],
  });
});

test('an outcome the case does not expect fails that case, saying what came back and what was logged', async () => {
  const answeredCancelled: ContractCase = {
    ...normalOrder,
    answer: (call) => ({ kind: 'body', body: orderAnswer({ order_id: call.params.order_id, order_status: 1 }) }),
  };
  const [result] = (await runCasesUnder(process.execPath, BUILT_FUNCTION, [answeredCancelled])).cases;
  expect(result.problem).toMatch(/"status": "cancelled"[\s\S]*logged:\n\{"event":"getWaybill","outcome":"OK"/);
});

test('a bundle that does not load fails every case, saying why', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'broken-bundle-'));
  try {
    writeFileSync(join(folder, 'index.js'), 'throw new Error("this bundle is broken");\n');
    expect(await runCasesUnder(process.execPath, join(folder, 'index.js'), [normalOrder, CONTRACT_CASES[0]])).toEqual({
      node: process.version,
      broken: expect.stringContaining('this bundle is broken'),
      cases: [
        { name: normalOrder.name, problem: 'not run' },
        { name: CONTRACT_CASES[0].name, problem: 'not run' },
      ],
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('each case claims its own calls: the table can share one emulator, and two cases with one orderId cannot', () => {
  expect(() => caseRouter(CONTRACT_CASES)).not.toThrow();
  expect(() => caseRouter([normalOrder, { ...normalOrder, name: 'a copy' }])).toThrow(/two cases claim getOrder CASE-NORMAL/);
});
