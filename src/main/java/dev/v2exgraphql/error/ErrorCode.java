package dev.v2exgraphql.error;

/** The {@code extensions.code} values a client can receive; see graphql/schema.graphql. */
public enum ErrorCode {
    /** No, malformed, invalid or expired token. */
    UNAUTHENTICATED,
    /** The upstream refused the action for this token (e.g. boosting someone else's topic). */
    FORBIDDEN,
    /** A mutation's target does not exist (queries answer null instead). */
    NOT_FOUND,
    /** An argument or the document itself is invalid. */
    BAD_USER_INPUT,
    /** The upstream quota is spent; {@code extensions.retryAfter} says for how many seconds. */
    RATE_LIMITED,
    /** The upstream is down, slow, or answered something that is not its API. */
    UPSTREAM_UNAVAILABLE,
    /** Depth, complexity or alias limits exceeded. */
    QUERY_TOO_COMPLEX,
    /**
     * The request could cost more upstream calls than one request may; {@code extensions.cost} is
     * the estimate, {@code extensions.maxCost} the limit.
     */
    QUERY_TOO_EXPENSIVE,
    /** A bug on our side; details are in the server log only. */
    INTERNAL_SERVER_ERROR
}
