// The one place that talks to the service: POST /graphql on this page's own origin, with the
// token as a bearer token. The token lives in sessionStorage only (gone when the tab closes), is
// sent nowhere else and is never logged.
const TOKEN_KEY = 'v2ex-graphql.token';

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = token => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

/**
 * Runs one GraphQL operation. Never throws: the answer is {data, errors, staleSeconds, cost}, where
 * each error is {code, message, retryAfter} (code from errors[].extensions.code, or NETWORK / HTTP
 * when no GraphQL answer came back) and cost is the most upstream calls the request could cause
 * (extensions.cost; undefined when it did not run). data and errors can both be present: a failing
 * field leaves the others intact.
 */
export async function gql(query, variables = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const token = getToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch('graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    return failure({ code: 'NETWORK' });
  }
  let body;
  try {
    body = await response.json();
  } catch {
    return failure({ code: 'HTTP', status: response.status });
  }
  const errors = (body.errors ?? []).map(e => ({
    code: e.extensions?.code ?? 'UNKNOWN',
    message: e.message,
    retryAfter: e.extensions?.retryAfter,
  }));
  // The service marks answers that used cached data it could not refresh (extensions.cache.stale).
  const stale = body.extensions?.cache?.stale ?? [];
  return {
    data: body.data ?? null, errors, staleSeconds: Math.max(0, ...stale.map(s => s.ageSeconds)),
    cost: body.extensions?.cost,
  };
}

function failure(error) {
  return { data: null, errors: [error], staleSeconds: 0, cost: undefined };
}
