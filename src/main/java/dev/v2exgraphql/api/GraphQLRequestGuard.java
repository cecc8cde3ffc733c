package dev.v2exgraphql.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.auth.Call;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Sits in front of {@code /graphql} and answers requests SmallRye would answer without an error code:
 * a body that is not JSON, a missing query, and a query with a syntax error (SmallRye replies
 * "Unparseable input document" with no {@code extensions.code}). Valid requests pass on; their
 * answer gets its {@code Cache-Control} here, from what the cache reported while resolving it.
 */
@ApplicationScoped
public class GraphQLRequestGuard {

    private static final String PATH = "/graphql";
    private static final String NO_STORE = "private, no-store";

    /** Documents that parsed before (frontends send the same few over and over), ~2 M chars at most. */
    private final Cache<String, Boolean> knownGood = Caffeine.newBuilder()
            .maximumWeight(2_000_000).<String, Boolean> weigher((query, ok) -> query.length()).build();

    void install(@Observes Router router) {
        // Runs before SmallRye's route; a second BodyHandler on the same request is a no-op.
        router.route(PATH).order(-100).handler(BodyHandler.create());
        router.route(PATH).order(-99).handler(this::check);
    }

    /**
     * CDNs and browsers may keep a GET answer made only of fresh public data, for as long as its
     * least fresh part stays fresh; anything private, stale, failed or sent by POST is not kept.
     */
    static String cacheControl(HttpMethod method, Call call) {
        if (method != HttpMethod.GET || call == null || call.failed()) {
            return NO_STORE;
        }
        List<Call.Served> served = call.served();
        if (served.isEmpty() || served.stream().anyMatch(s -> s.isPrivate() || s.stale())) {
            return NO_STORE;
        }
        long maxAge = served.stream().mapToLong(Call.Served::freshForSeconds).min().orElse(0);
        return "public, max-age=" + maxAge;
    }

    void check(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        ctx.addHeadersEndHandler(v -> ctx.response().headers()
                .set("Cache-Control", cacheControl(method, ctx.get(Call.KEY))));
        String query;
        if (method == HttpMethod.GET) {
            query = ctx.request().getParam("query");
        } else if (method == HttpMethod.POST && isJson(ctx)) {
            JsonObject body;
            try {
                body = ctx.body().asJsonObject();
            } catch (RuntimeException notJson) {
                reject(ctx, 400, "The request body is not a JSON object", null);
                return;
            }
            if (body == null) {
                reject(ctx, 400, "The request body is empty", null);
                return;
            }
            query = body.getValue("query") instanceof String q ? q : null;
        } else {
            ctx.next(); // other methods and content types: SmallRye decides
            return;
        }
        if (query == null || query.isBlank()) {
            reject(ctx, 400, "The request has no GraphQL 'query'", null);
            return;
        }
        if (knownGood.getIfPresent(query) != null) {
            ctx.next();
            return;
        }
        try {
            Parser.parse(query);
            knownGood.put(query, Boolean.TRUE);
        } catch (InvalidSyntaxException e) {
            reject(ctx, 200, "Syntax error: " + e.getMessage(), e.getLocation() == null ? null
                    : Map.of("line", e.getLocation().getLine(), "column", e.getLocation().getColumn()));
            return;
        }
        ctx.next();
    }

    private static boolean isJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    private static void reject(RoutingContext ctx, int status, String message, Map<String, Integer> location) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (location != null) {
            error.put("locations", List.of(location));
        }
        error.put("extensions", Map.of("code", "BAD_USER_INPUT"));
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(Map.of("errors", List.of(error))));
    }
}
