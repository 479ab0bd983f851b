// The people of the tests: callers with the shape of real OPENIDs (28
// characters starting with "o", so the log check's openid pattern is
// meaningful), and a label and a courier's message full of personal data
// that no log may ever repeat.
export const ADMIN = 'oAdmin_AAAAAAAAAAAAAAAAAAAA1';
export const OTHER_ADMIN = 'oAdmin_BBBBBBBBBBBBBBBBBBBB2';
export const USER = 'oUser_CCCCCCCCCCCCCCCCCCCCC3';
export const OTHER_USER = 'oUser_DDDDDDDDDDDDDDDDDDDDD4';
/** A prefix of ADMIN: must not be treated as ADMIN. */
export const ADMIN_PREFIX = ADMIN.slice(0, 20);
/** ADMIN in upper case: a different OPENID (they are case-sensitive). */
export const ADMIN_UPPER = ADMIN.toUpperCase();

export const ALL_TEST_OPENIDS = [ADMIN, OTHER_ADMIN, USER, OTHER_USER, ADMIN_PREFIX, ADMIN_UPPER];

export const RECEIVER_MOBILE = '13812345678';
const SENDER_LANDLINE = '010-62345678';
const COURIER_MOBILE = '13987654321';

export const LABEL_HTML =
  '<html lang="en"><body>' +
  `<p>收件人：张三 ${RECEIVER_MOBILE} 北京市海淀区中关村大街1号</p>` +
  `<p>寄件人：李四 ${SENDER_LANDLINE} 上海市浦东新区世纪大道100号</p>` +
  '</body></html>';
export const LABEL_BASE64 = Buffer.from(LABEL_HTML, 'utf8').toString('base64');

/** A track message as carriers write them: a courier's name and phone. */
export const COURIER_MESSAGE = `快递员王五（${COURIER_MOBILE}）正在派送`;

/** Strings from the label and the track that must never reach a log. */
export const PERSONAL_MARKERS = ['<html', '</p>', '张三', '李四', '王五', '中关村', LABEL_BASE64.slice(0, 24)];
