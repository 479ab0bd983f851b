// Test identities and a label full of personal data. The openids have the
// shape of real ones (28 characters starting with "o") so that the log check's
// openid pattern is meaningful; the phone numbers are the kind of thing a
// label holds and a log must never repeat.
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
export const SENDER_LANDLINE = '010-62345678';
export const LABEL_HTML =
  '<html lang="en"><body>' +
  `<p>收件人：张三 ${RECEIVER_MOBILE} 北京市海淀区中关村大街1号</p>` +
  `<p>寄件人：李四 ${SENDER_LANDLINE} 上海市浦东新区世纪大道100号</p>` +
  '</body></html>';
export const LABEL_BASE64 = Buffer.from(LABEL_HTML, 'utf8').toString('base64');

/** Strings from the label that must never reach a log. */
export const LABEL_MARKERS = ['<html', '</p>', '张三', '李四', '中关村', LABEL_BASE64.slice(0, 24)];
