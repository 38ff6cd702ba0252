import { afterAll, expect } from 'vitest';
import { capturedLines, findLeaks } from '../helpers/log-capture.js';

// After every server test file: none of the log lines its servers wrote holds a password, a
// token, a session cookie, an SSO secret or an email address (see tests/helpers/log-capture.ts).
afterAll(() => {
  const leaks = findLeaks().map(({ what, line }) => `${what} in: ${line.slice(0, 400)}`);
  expect(leaks, `${capturedLines().length} log lines captured`).toEqual([]);
});
