package dev.v2exgraphql.error;

import java.util.OptionalLong;

/**
 * The one failure type that reaches clients. Its message is written by us for clients: it never
 * carries upstream bodies, tokens or internal names.
 */
public class GatewayException extends RuntimeException {

    private final ErrorCode code;
    private final Long retryAfterSeconds;

    public GatewayException(ErrorCode code, String message) {
        this(code, message, null);
    }

    private GatewayException(ErrorCode code, String message, Long retryAfterSeconds) {
        // No stack trace: these are expected outcomes, often many per second, and never logged with one.
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static GatewayException unauthenticated(String message) {
        return new GatewayException(ErrorCode.UNAUTHENTICATED, message);
    }

    public static GatewayException forbidden(String message) {
        return new GatewayException(ErrorCode.FORBIDDEN, message);
    }

    public static GatewayException notFound(String message) {
        return new GatewayException(ErrorCode.NOT_FOUND, message);
    }

    public static GatewayException badInput(String message) {
        return new GatewayException(ErrorCode.BAD_USER_INPUT, message);
    }

    public static GatewayException unavailable(String message) {
        return new GatewayException(ErrorCode.UPSTREAM_UNAVAILABLE, message);
    }

    public static GatewayException rateLimited(long retryAfterSeconds) {
        long seconds = Math.max(0, retryAfterSeconds);
        return new GatewayException(ErrorCode.RATE_LIMITED,
                "The V2EX API quota is spent; retry in " + seconds + " s", seconds);
    }

    public ErrorCode code() {
        return code;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }

    public boolean is(ErrorCode other) {
        return code == other;
    }
}
