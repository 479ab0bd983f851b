// docs/errors.md lists every errcode the function knows, exactly as the mapping
// has it: the table between the markers is compared with one rendered from
// ERRCODE_RULES, so the two cannot drift. On a change, paste the expected
// block from this test's failure into the doc.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERRCODE_RULES } from '../../cloudfunctions/getWaybill/src/waybillErrors';
import { REPO_ROOT } from '../support/builtFunction';

function renderTable(): string {
  const rows = [...ERRCODE_RULES.entries()]
    .sort(([a], [b]) => a - b)
    .map(([errCode, rule]) => {
      const field = rule.field === undefined ? '' : `\`${rule.field}\``;
      return `| ${errCode} | \`${rule.code}\` | ${rule.code === 'UPSTREAM_BUSY' ? 'yes' : 'no'} | ${field} | ${rule.message('getOrder')} |`;
    });
  return ['| errcode | code | retried | field | message (for getOrder; getPath names itself) |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

test('docs/errors.md has the errcode table the mapping has', () => {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
  const block = /<!-- errcodes:start -->\n([\s\S]*?)\n<!-- errcodes:end -->/.exec(doc)?.[1];
  expect(block).toBe(renderTable());
});
