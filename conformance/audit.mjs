// Runs the GraphQL-over-HTTP audit of graphql-http (auditServer) against a running service.
// Usage: node audit.mjs <url of /graphql> [bearer token]
// Prints every result; exits 1 when any MUST or SHOULD item fails (MAY items are reported only).
import { auditServer } from 'graphql-http';

const url = process.argv[2] ?? 'http://localhost:8080/graphql';
const token = process.argv[3];

// The audit's own requests carry no token. The service answers `{ __typename }` and introspection
// without one, but real clients always send one (and only then may answers come from the response
// cache), so the audit is run both ways: with a token every request goes through that path too.
const fetchFn = token
  ? (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    }
  : fetch;

const results = await auditServer({ url, fetchFn });

const marks = { ok: 'ok    ', error: 'FAIL  ', warn: 'FAIL  ', notice: 'MAY-no' };
for (const result of results) {
  console.log(`${marks[result.status]} ${result.id} ${result.name}`);
  if (result.status !== 'ok') {
    const status = result.response ? `HTTP ${result.response.status}` : 'no response';
    console.log(`         ${result.reason} (${status})`);
  }
}

// graphql-http marks a failed MUST 'error', a failed SHOULD 'warn' and an unmet MAY 'notice'.
const failed = results.filter((r) => r.status === 'error' || r.status === 'warn');
const mayNotMet = results.filter((r) => r.status === 'notice');
console.log(`\ngraphql-http audit ${token ? 'with' : 'without'} a bearer token: ${results.length} items,`
  + ` ${failed.length} MUST/SHOULD not met, ${mayNotMet.length} MAY not met`);
process.exit(failed.length === 0 ? 0 : 1);
