// The strings the form fuzz puts where a form expects something sensible.

/** 100 KB of UTF-8, ~117 KB on the wire: under the form body limit (256 KB), so it reaches the handler. */
export const KB100 = 'x'.repeat(92_000) + 'Щ'.repeat(4_100);
/** Over every body limit (form 256 KB, JSON 1 MB): 413. */
export const MB2 = 'y'.repeat(2 * 1024 * 1024 + 17);

export const CONTROLS = [
  '\u0000', 'а\u0000б', '\u0001\u0002\u0003', '\u0007\u0008', '\u001b[31mкрасный\u001b[0m', '\u007f', '\u0085\u009b2J',
  'стр\u2028ока', '\u202eперевёрнуто', '\ufeffспереди', '\t\r\n', '\u200b', '😀👍🏽', 'е\u0301ё', '\ud800', '\udfff\ud800',
];

/** Percent-escapes sent as written: invalid UTF-8 (overlong, a surrogate, cut sequences) and broken escapes. */
export const BAD_UTF8 = ['%FF%FE', '%C3%28', '%ED%A0%80', '%F4%90%80%80', '%C0%AF', '%E2%82', '%', '%G1', '%%', '%D0', 'a%00b', '%F0%9F%98'];

export const MALFORMED_UUIDS = [
  'not-a-uuid', '00000000-0000-0000-0000-000000000000', '123', '-1', ' ', '{}', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', "' or '1'='1",
  '00000000-0000-4000-8000-00000000000', '00000000-0000-4000-8000-0000000000000', '../../etc/passwd', '%00',
];

export const BAD_DATES = [
  '2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '0000-00-00', '9999-12-31', '1900-01-01', '30.02.2026', '31.11.2026',
  '2026-11-31', '+275760-09-13', '2026-1-1', '20261123', 'вчера', '2026-11-23T25:00', '-2026-11-23',
];

export const BAD_TIMES = ['25:61', '24:00', '-1:00', '9:5', '99:99', '12:60', '1200', 'полдень'];

export const BAD_NUMBERS = [
  '-1', '-0', '0', '-2147483649', '2147483648', '9007199254740993', '99999999999999999999999', '1e308', '1e-400', '-1e309',
  'Infinity', '-Infinity', 'NaN', '0x10', '1_000', '٣', '５', '1,5', '3.', '.5', '+7',
];

export const STRINGS_FOR_NUMBERS = ['пять', 'abc', ' 3 ', '3 4', '', 'да', '[]', '{}', '3;4'];

export const INJECTIONS = [
  "'; select pg_sleep(0); --", '<script>alert(1)</script>', '<%= it.csrfToken %>', '{{7*7}}', '${7*7}', '%s%n%x', '\\u0000',
  '"><img src=x>', '../../../../proc/self/environ', '`id`', "Robert'); DROP TABLE students;--",
];

/** JSON values where one string goes. */
export const JSON_OBJECTS: unknown[] = [{ $gt: '' }, { value: 'x' }, { length: 1e9 }, { toString: 'x' }, {}];
export const JSON_SCALARS: unknown[] = [0, -1, 1e308, 12345678901234567890, 3.14, true, false, null];
export const JSON_NUMBERS: unknown[] = [-1, -1e21, 1e21, 2 ** 53 + 1, 0.5, -0];
