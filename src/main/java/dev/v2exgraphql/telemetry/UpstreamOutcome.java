package dev.v2exgraphql.telemetry;

import java.util.Locale;

import dev.v2exgraphql.error.ErrorCode;

/**
 * How one attempt at an upstream call ended: the {@code outcome} label of
 * {@code v2ex_upstream_calls_seconds}. The last four were never sent.
 */
public enum UpstreamOutcome {
    OK,
    NOT_FOUND,
    UNAUTHENTICATED,
    FORBIDDEN,
    BAD_INPUT,
    /** V2EX said the quota is spent (429, or 403 with nothing remaining). */
    RATE_LIMITED,
    /** V2EX answered, but with a 5xx, a redirect, or something that is not its API (the CDN's page). */
    UPSTREAM_ERROR,
    /** No answer: connection refused or reset. */
    UNREACHABLE,
    /** No answer in time (the request timeout, or the fault-tolerance timeout cancelled it). */
    TIMEOUT,
    /** Not sent: the family's circuit breaker is open. */
    BREAKER_OPEN,
    /** Not sent: too many calls were waiting for the bulkhead. */
    BULKHEAD_FULL,
    /** Not sent: our quota governor kept it back (budget spent, or only the reserve left). */
    QUOTA_REFUSED,
    /** Not sent: the upstream already refused the token (invalid or expired). */
    TOKEN_REFUSED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** The outcome of an answered call that failed with this code (UPSTREAM_UNAVAILABLE: upstream_error). */
    static UpstreamOutcome ofAnswer(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> NOT_FOUND;
            case UNAUTHENTICATED -> UNAUTHENTICATED;
            case FORBIDDEN -> FORBIDDEN;
            case BAD_USER_INPUT -> BAD_INPUT;
            case RATE_LIMITED -> RATE_LIMITED;
            default -> UPSTREAM_ERROR;
        };
    }
}
