package dev.v2exgraphql.budget;

/**
 * Who one upstream call is charged to, built by the upstream client from the request it serves:
 * its priority; the hash of the caller's token (a client's share is counted by it); the hash of the
 * caller's address (null when unknown) and whether a proxy reported it (only then, and only from
 * trusted proxies, does it identify a client with a share of its own); and whether the upstream has
 * accepted the token (calls of tokens not yet accepted draw on the small share for new tokens and
 * never on the reserve).
 */
public record Charge(Priority priority, String tokenHash, String addressHash, boolean addressReported,
        boolean tokenAccepted) {
}
