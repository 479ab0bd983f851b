// Where the built cloud function is: what DevTools and `npm run deploy` upload.
import path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..', '..');
const FUNCTION_DIR = path.join(REPO_ROOT, 'cloudfunctions', 'getWaybill');
export const BUILT_FUNCTION = path.join(FUNCTION_DIR, 'index.js');
export const BUILT_PUSH_FUNCTION = path.join(REPO_ROOT, 'cloudfunctions', 'waybillPush', 'index.js');
