package dev.v2exgraphql.error;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one failure type that reaches clients. Its message is written by us for clients: it never
 * carries upstream bodies, tokens or internal names.
 */
public class GatewayException extends RuntimeException {

    private final ErrorCode code;
    private final Long retryAfterSeconds;
    private final String reason;

    public GatewayException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    private GatewayException(ErrorCode code, String message, Long retryAfterSeconds, String reason) {
        // No stack trace: these are expected outcomes, often many per second, and never logged with one.
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.reason = reason;
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

    /** The upstream itself refused for quota. */
    public static GatewayException rateLimited(long retryAfterSeconds) {
        return rateLimited(retryAfterSeconds, "The V2EX API quota is spent", "QUOTA_SPENT");
    }

    /**
     * Not sent for lack of budget.
     *
     * @param why what the client reads, without the retry hint (added here)
     * @param reason the machine-readable reason, {@code extensions.reason}
     */
    public static GatewayException rateLimited(long retryAfterSeconds, String why, String reason) {
        long seconds = Math.max(0, retryAfterSeconds);
        return new GatewayException(ErrorCode.RATE_LIMITED, why + "; retry in " + seconds + " s", seconds, reason);
    }

    public ErrorCode code() {
        return code;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }

    /** Why, in one upper-case word, when the code alone does not say (RATE_LIMITED: which limit). */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public boolean is(ErrorCode other) {
        return code == other;
    }
}
