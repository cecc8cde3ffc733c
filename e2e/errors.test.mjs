// The page's wording of the service's typed errors (the browser test sees only some of them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe, describeAll } from '../src/main/resources/META-INF/resources/app/errors.js';

test('every error code the service sends has its own plain sentence', () => {
  const codes = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED',
    'UPSTREAM_UNAVAILABLE', 'QUERY_TOO_COMPLEX', 'INTERNAL_SERVER_ERROR'];
  const sentences = codes.map(code => describe({ code, message: 'm' }));
  assert.equal(new Set(sentences).size, codes.length, sentences.join('\n'));
});

test('a rate limit says when to retry, in seconds or minutes', () => {
  assert.equal(describe({ code: 'RATE_LIMITED', retryAfter: 42 }), 'Rate limited by V2EX, retry in 42 s.');
  assert.equal(describe({ code: 'RATE_LIMITED', retryAfter: 119 }), 'Rate limited by V2EX, retry in 119 s.');
  assert.equal(describe({ code: 'RATE_LIMITED', retryAfter: 121 }), 'Rate limited by V2EX, retry in 3 min.');
  assert.equal(describe({ code: 'RATE_LIMITED' }), 'Rate limited by V2EX, retry later.');
});

test("the service's own message is kept where it tells more", () => {
  assert.equal(describe({ code: 'BAD_USER_INPUT', message: 'page must be 1 or more' }),
    'The request was not accepted: page must be 1 or more');
  assert.match(describe({ code: 'FORBIDDEN', message: 'The V2EX API refused this action for this token' }),
    /^V2EX does not allow this with your token\. The V2EX API refused/);
});

test('no answer at all is told apart from an error answer', () => {
  assert.match(describe({ code: 'NETWORK' }), /Cannot reach the service/);
  assert.match(describe({ code: 'HTTP', status: 502 }), /HTTP 502/);
  assert.match(describe({ code: 'SOMETHING_NEW' }), /Something went wrong/);
});

test('the same problem on many fields is said once', () => {
  const errors = Array.from({ length: 20 }, () => ({ code: 'UPSTREAM_UNAVAILABLE' }));
  assert.deepEqual(describeAll([...errors, { code: 'UNAUTHENTICATED' }]), [
    'V2EX is not answering right now. Try again in a moment.',
    'Your token was rejected: it is missing, mistyped or expired. Paste a valid token.']);
});
