package dev.v2exgraphql.demo;

import java.time.Duration;

import dev.v2exgraphql.v2ex.Endpoint;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The demo's gate: the upstream's rate limit, 600 requests an hour per client address (every
 * demo caller is 127.0.0.1, so one window for all tokens, refused and unmatched requests counted
 * too). Every answer says where the quota stands in X-Rate-Limit-* headers, which the service's
 * quota governor reads, and a spent quota answers 429 with Retry-After.
 */
public final class RateLimitGate implements DemoApi.Gate {

    public static final int LIMIT = 600;
    public static final Duration WINDOW = Duration.ofHours(1);

    private final RateWindow window = new RateWindow();

    @Override
    public void handle(RoutingContext ctx, Endpoint endpoint, Runnable next) {
        RateWindow.Quota quota = window.consume(LIMIT, WINDOW);
        headers(ctx.response(), quota);
        if (quota.allowed()) {
            next.run();
        } else {
            refuse(ctx, quota, 429);
        }
    }

    public static void headers(HttpServerResponse response, RateWindow.Quota quota) {
        response.putHeader("X-Rate-Limit-Limit", String.valueOf(quota.limit()))
                .putHeader("X-Rate-Limit-Remaining", String.valueOf(quota.remaining()))
                .putHeader("X-Rate-Limit-Reset", String.valueOf(quota.resetEpochSeconds()));
    }

    /**
     * The answer to a request over the quota: 429 with Retry-After, or 403 without it (what the
     * real upstream sends is not documented, so the tests' fake can send either).
     */
    public static void refuse(RoutingContext ctx, RateWindow.Quota quota, int status) {
        if (status == 429) {
            ctx.response().putHeader("Retry-After", String.valueOf(quota.retryAfterSeconds()));
        }
        DemoApi.fail(ctx, status, "Rate limit exceeded");
    }
}
