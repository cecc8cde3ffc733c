package dev.v2exgraphql.demo;

import java.util.List;

import dev.v2exgraphql.v2ex.Endpoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The demo upstream's routes: every {@link Endpoint} below /api/v2, as its method and template
 * declare it, answered from {@link DemoData} with the upstream's envelope
 * {@code {success, message, result, pagination}} after the upstream's token check. Anything else
 * is the upstream's 404.
 *
 * <p>Every request passes a {@link Gate} first. The demo's gate is the upstream's rate limit
 * ({@link RateLimitGate}); the tests' fake (src/test) puts its call recording, latency and fault
 * injection there instead, so it serves these very routes and data rather than a copy.
 *
 * <p>Plain Vert.x Web, no CDI, JSON built by hand: it must also run inside a native image.
 */
public final class DemoApi {

    public static final String PREFIX = "/api/v2";

    /** What runs before the token check of every request. */
    @FunctionalInterface
    public interface Gate {
        /**
         * Lets the request through by running {@code next} (now or later, on the request's event
         * loop) or answers it itself. {@code endpoint} is the one the request matched, or null for
         * a request that matched none: its {@code next} answers 404 without a token check.
         */
        void handle(RoutingContext ctx, Endpoint endpoint, Runnable next);
    }

    private final DemoData data;
    private final Gate gate;
    private final DemoEndpoints endpoints;

    public DemoApi(DemoData data, Gate gate) {
        this.data = data;
        this.gate = gate;
        this.endpoints = new DemoEndpoints(data);
    }

    /** Vert.x's form of an endpoint's path below the prefix: {@code topics/{id}} becomes {@code /topics/:id}. */
    public static String route(Endpoint endpoint) {
        return "/" + endpoint.template().replaceAll("\\{([^}/]+)}", ":$1");
    }

    /**
     * Adds the API to the router: a body handler, one route per endpoint, and a last route that
     * takes every request not matched before it. Routes the caller added earlier come first.
     */
    public void mount(Router router) {
        // Bodies are read up front: a gate may let a request through later (after a timer), when
        // the request's data would no longer be there to read.
        router.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        for (Endpoint endpoint : Endpoint.values()) {
            DemoEndpoints.Handler handler = endpoints.of(endpoint);
            String parameter = endpoint.parameter();
            router.route(endpoint.method(), PREFIX + route(endpoint)).handler(ctx -> gate.handle(ctx, endpoint,
                    () -> authorize(ctx, parameter == null ? null : ctx.pathParam(parameter), handler)));
        }
        // A known path with another method lands here too.
        router.route().handler(ctx -> gate.handle(ctx, null, () -> fail(ctx, 404, "Not found")));
    }

    private void authorize(RoutingContext ctx, String parameter, DemoEndpoints.Handler handler) {
        DemoData.TokenCheck check = data.authenticate(bearer(ctx), ctx.request().remoteAddress().host());
        switch (check.state()) {
            case VALID -> handler.handle(ctx, parameter, check);
            case EXPIRED -> fail(ctx, 401, "Token expired");
            // The documented quirk: a failure envelope with HTTP 200.
            case EXPIRED_QUIRK_200 -> fail(ctx, 200, "Token expired");
            // Missing and unknown tokens both get 401 "Invalid token".
            default -> fail(ctx, 401, "Invalid token");
        }
    }

    /** The raw bearer token of a request (a missing "Bearer " prefix is tolerated), or null. */
    public static String bearer(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null) {
            return null;
        }
        return auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : auth.trim();
    }

    // ---- the envelope ----

    /** A page of a list, with the upstream's message ("Topics 1-20/45") and pagination. */
    static void list(RoutingContext ctx, String what, Page<JsonObject> page) {
        JsonObject body = new JsonObject()
                .put("success", true)
                .put("message", what + " " + page.from() + "-" + page.to() + "/" + page.total())
                .put("result", new JsonArray(List.copyOf(page.items())))
                .put("pagination", new JsonObject()
                        .put("total", page.total())
                        .put("pages", page.pages())
                        .put("per_page", page.perPage()));
        send(ctx, 200, body);
    }

    /** Success envelope; a null result leaves the "result" field out. */
    static void ok(RoutingContext ctx, String message, Object result) {
        JsonObject body = new JsonObject().put("success", true).put("message", message);
        if (result != null) {
            body.put("result", result);
        }
        send(ctx, 200, body);
    }

    /** Failure envelope with this status (the upstream also sends some with 200). */
    public static void fail(RoutingContext ctx, int status, String message) {
        send(ctx, status, new JsonObject().put("success", false).put("message", message));
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
