// The log check used by every reliability file must itself be able to fail:
// each planted leak is found, and the function's real log lines pass.
import { findLeaks } from './logLeaks';
import { ADMIN, LABEL_BASE64, LABEL_HTML, USER } from './people';

test.each([
  { name: 'a full openid', line: `{"caller":"${USER}"}`, why: /openid/ },
  { name: 'an openid we never used, by its shape', line: 'caller oABCDEFGHIJKLMNOPQRSTUVWXYZ0', why: /shaped like an openid/ },
  { name: 'the label HTML', line: LABEL_HTML, why: /personal data/ },
  { name: 'the label as BASE64', line: `print_html=${LABEL_BASE64}`, why: /personal data/ },
  { name: 'a mobile number', line: '{"deliveryId":"13912345678"}', why: /mobile/ },
  { name: 'a mobile number inside text', line: 'call 张 at 15012345678 now', why: /mobile/ },
  { name: 'a landline with a hyphen', line: 'tel 0755-12345678', why: /landline/ },
  { name: 'a landline without a hyphen', line: 'tel 01062345678', why: /landline/ },
  { name: 'an admin openid in an error', line: `denied ${ADMIN}`, why: /openid/ },
])('finds $name', ({ line, why }) => {
  const leaks = findLeaks([line]);
  expect(leaks.length).toBeGreaterThan(0);
  expect(leaks.map((leak) => leak.why).join('; ')).toMatch(why);
});

test.each([
  '{"event":"getWaybill","outcome":"OK","attempts":1,"durationMs":12,"caller":"admin","deliveryId":"SF","labelBytes":189}',
  '{"event":"getWaybill","outcome":"UPSTREAM_BUSY","errCode":-501001,"attempts":6,"durationMs":2500,"caller":"user","deliveryId":"###########"}',
  '{"event":"getWaybill","outcome":"INTERNAL","attempts":1,"durationMs":3,"caller":"admin","deliveryId":"SF","internalError":{"type":"TypeError","frames":["at run (/var/user/index.js:2478:31)"]}}',
])('passes a clean line: %s', (line) => {
  expect(findLeaks([line])).toEqual([]);
});
