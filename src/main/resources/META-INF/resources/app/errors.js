// The service's typed errors (errors[].extensions.code, see the README's errors table) in plain words.
export function describe(error) {
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return 'Your token was rejected: it is missing, mistyped or expired. Paste a valid token.';
    case 'FORBIDDEN':
      return `V2EX does not allow this with your token. ${error.message ?? ''}`.trim();
    case 'NOT_FOUND':
      return 'That does not exist (any more).';
    case 'BAD_USER_INPUT':
      return `The request was not accepted: ${error.message}`;
    case 'RATE_LIMITED':
      return error.retryAfter == null
        ? 'Rate limited by V2EX, retry later.'
        : `Rate limited by V2EX, retry in ${duration(error.retryAfter)}.`;
    case 'UPSTREAM_UNAVAILABLE':
      return 'V2EX is not answering right now. Try again in a moment.';
    case 'QUERY_TOO_COMPLEX':
      return 'This request is too complex for the service.';
    case 'QUERY_TOO_EXPENSIVE':
      return 'This request would spend too much of the shared V2EX budget at once: ask for fewer items or pages.';
    case 'NETWORK':
      return 'Cannot reach the service. Is it running?';
    case 'HTTP':
      return `The service answered HTTP ${error.status} instead of a GraphQL answer.`;
    default:
      return 'Something went wrong in the service. Try again later.';
  }
}

/** Seconds as people say them: "42 s", "17 min". */
function duration(seconds) {
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** One sentence per distinct problem (a page of 20 topics can fail 20 times the same way). */
export function describeAll(errors) {
  return [...new Set(errors.map(describe))];
}
