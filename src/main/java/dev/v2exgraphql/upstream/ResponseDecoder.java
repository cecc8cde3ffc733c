package dev.v2exgraphql.upstream;

import java.util.Locale;

import dev.v2exgraphql.error.GatewayException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/**
 * Turns an upstream HTTP response into an {@link Envelope} or a typed failure. The upstream's own
 * words never reach clients: messages here are ours, chosen from the status and the envelope.
 */
final class ResponseDecoder {

    private final QuotaTracker quota;

    ResponseDecoder(QuotaTracker quota) {
        this.quota = quota;
    }

    Envelope decode(HttpResponse<Buffer> response) {
        quota.record(response.headers().getDelegate());
        int status = response.statusCode();
        JsonObject json = jsonOrNull(response);

        if (status == 429 || (status == 403 && "0".equals(response.getHeader("X-Rate-Limit-Remaining")))) {
            throw GatewayException.rateLimited(
                    quota.secondsUntilReset(response.headers().getDelegate()).orElse(60));
        }
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw GatewayException.unavailable("The V2EX API answered with something that is not its API");
            }
            if (!json.getBoolean("success", Boolean.FALSE)) {
                // The upstream can say "no" with HTTP 200 (e.g. an expired token): the envelope decides.
                throw failureFromMessage(json.getString("message"));
            }
            return new Envelope(json.getString("message"), json.getValue("result"),
                    Envelope.Pagination.from(json.getJsonObject("pagination")));
        }
        throw failureFromStatus(status, json);
    }

    private static GatewayException failureFromStatus(int status, JsonObject json) {
        return switch (status) {
            case 401 -> tokenFailure(json == null ? null : json.getString("message"));
            // A 403 without JSON is the CDN's challenge page: upstream trouble, not a permission.
            case 403 -> json == null
                    ? GatewayException.unavailable("The V2EX API is blocked by its CDN right now")
                    : GatewayException.forbidden("The V2EX API refused this action for this token");
            case 404 -> GatewayException.notFound("Not found on V2EX");
            case 400, 422 -> GatewayException.badInput("The V2EX API rejected the request as invalid");
            default -> GatewayException.unavailable(status >= 300 && status < 400
                    ? "The V2EX API answered with a redirect, which is not followed"
                    : "The V2EX API failed (HTTP " + status + ")");
        };
    }

    private static GatewayException failureFromMessage(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (lower.contains("token")) {
            return tokenFailure(message);
        }
        if (lower.contains("not found")) {
            return GatewayException.notFound("Not found on V2EX");
        }
        return GatewayException.forbidden("The V2EX API refused the request");
    }

    private static GatewayException tokenFailure(String message) {
        boolean expired = message != null && message.toLowerCase(Locale.ROOT).contains("expired");
        return GatewayException.unauthenticated(expired ? "The token has expired" : "The token is invalid");
    }

    private static JsonObject jsonOrNull(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(body.getDelegate());
            return parsed instanceof JsonObject object ? object : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
