package dev.v2exgraphql.upstream;

import java.util.Locale;
import java.util.OptionalLong;

import dev.v2exgraphql.budget.QuotaGovernor;
import dev.v2exgraphql.budget.TokenVerdicts;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.v2ex.Envelope;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/**
 * Turns an upstream HTTP response into an {@link Envelope} or a typed failure. The upstream's own
 * words never reach clients: messages here are ours, chosen from the status and the envelope.
 */
final class ResponseDecoder {

    private final QuotaGovernor quota;

    ResponseDecoder(QuotaGovernor quota) {
        this.quota = quota;
    }

    Envelope decode(HttpResponse<Buffer> response) {
        MultiMap headers = response.headers().getDelegate();
        recordBudget(headers);
        int status = response.statusCode();
        JsonObject json = jsonOrNull(response);

        if (status == 429 || (status == 403 && "0".equals(response.getHeader("X-Rate-Limit-Remaining")))) {
            long retryAfter = number(headers.get("Retry-After")).orElse(quota.secondsUntilReset());
            quota.exhaustedUntil(System.currentTimeMillis() / 1000 + retryAfter);
            throw GatewayException.rateLimited(retryAfter);
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

    private void recordBudget(MultiMap headers) {
        OptionalLong limit = number(headers.get("X-Rate-Limit-Limit"));
        OptionalLong remaining = number(headers.get("X-Rate-Limit-Remaining"));
        OptionalLong reset = number(headers.get("X-Rate-Limit-Reset"));
        if (limit.isPresent() && remaining.isPresent() && reset.isPresent()) {
            quota.record((int) limit.getAsLong(), (int) remaining.getAsLong(), reset.getAsLong());
        } else {
            quota.noRateHeaders();
        }
    }

    private static OptionalLong number(String header) {
        try {
            return header == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
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
        return (expired ? TokenVerdicts.Refusal.EXPIRED : TokenVerdicts.Refusal.INVALID).failure();
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
