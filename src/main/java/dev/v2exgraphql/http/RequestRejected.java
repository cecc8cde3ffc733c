package dev.v2exgraphql.http;

import java.util.Map;

import graphql.language.SourceLocation;

/**
 * A request answered before GraphQL runs: the HTTP status, the error's message and code, for 405 the
 * methods that are allowed, and for a syntax error where it is. Thrown while a request is read;
 * {@link ErrorResponses} turns it into a GraphQL error response.
 */
public class RequestRejected extends RuntimeException {

    private final int status;
    private final String code;
    private final String allow;
    private final SourceLocation location;
    private final Map<String, Object> details;

    public RequestRejected(int status, String code, String message, String allow) {
        this(status, code, message, allow, null, Map.of());
    }

    public RequestRejected(int status, String code, String message, String allow, SourceLocation location) {
        this(status, code, message, allow, location, Map.of());
    }

    /** @param details more {@code extensions} of the error beside its code (e.g. a cost and its limit) */
    public RequestRejected(int status, String code, String message, String allow, SourceLocation location,
            Map<String, Object> details) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.code = code;
        this.allow = allow;
        this.location = location;
        this.details = details;
    }

    /** A request that is not a well-formed GraphQL-over-HTTP request: 400, BAD_USER_INPUT. */
    public static RequestRejected badRequest(String message) {
        return new RequestRejected(400, "BAD_USER_INPUT", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The {@code Allow} header of a 405, else null. */
    public String allow() {
        return allow;
    }

    /** Where in the document the problem is, or null. */
    public SourceLocation location() {
        return location;
    }

    /** The error's other {@code extensions}, in order. */
    public Map<String, Object> details() {
        return details;
    }
}
