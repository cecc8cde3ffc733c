package dev.v2exgraphql.api;

/**
 * A request answered before GraphQL runs: the HTTP status, the error's message and code, and for
 * 405 the methods that are allowed. Thrown while a request is read; the request guard turns it into
 * a GraphQL error response.
 */
public class RequestRejected extends RuntimeException {

    private final int status;
    private final String code;
    private final String allow;

    public RequestRejected(int status, String code, String message, String allow) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
        this.status = status;
        this.code = code;
        this.allow = allow;
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
}
