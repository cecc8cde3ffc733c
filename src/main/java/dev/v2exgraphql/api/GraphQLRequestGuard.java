package dev.v2exgraphql.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.auth.BearerToken;
import dev.v2exgraphql.auth.Call;
import dev.v2exgraphql.auth.RequestCall;
import dev.v2exgraphql.cache.ResponseCache;
import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.telemetry.OperationMetrics;
import graphql.GraphQLContext;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Sits in front of {@code /graphql}. It answers requests SmallRye would answer without an error code:
 * a body that is not JSON, a missing query, and a query with a syntax error (SmallRye replies
 * "Unparseable input document" with no {@code extensions.code}). It answers repeated public queries
 * from the {@link ResponseCache} without running GraphQL. Other requests pass on; their answer gets
 * its {@code Cache-Control} here, from what the cache reported while resolving it, and is offered to
 * the response cache.
 */
@ApplicationScoped
public class GraphQLRequestGuard {

    private static final String PATH = "/graphql";
    private static final String NO_STORE = "private, no-store";

    /**
     * Documents that parsed before (frontends send the same few over and over), ~2 M chars at most,
     * and whether they hold only queries (only those answers may be kept).
     */
    private final Cache<String, Boolean> documents = Caffeine.newBuilder()
            .maximumWeight(2_000_000).<String, Boolean> weigher((query, ok) -> query.length()).build();

    @Inject
    ResponseCache responses;
    @Inject
    OperationMetrics operations;

    /** The same bound Quarkus puts on request bodies; this guard reads the body first. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        // Runs before SmallRye's route; a second BodyHandler on the same request is a no-op.
        router.route(PATH).order(-100).handler(BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue()));
        router.route(PATH).order(-99).handler(this::check);
    }

    /**
     * CDNs and browsers may keep a GET answer made only of fresh public data, for as long as its
     * least fresh part stays fresh; anything private, stale, failed or sent by POST is not kept.
     */
    static String cacheControl(HttpMethod method, Call call) {
        long freshFor = ResponseCache.freshForMillis(call);
        return method == HttpMethod.GET && freshFor > 0 ? "public, max-age=" + freshFor / 1000 : NO_STORE;
    }

    void check(RoutingContext ctx) {
        long started = System.nanoTime();
        HttpMethod method = ctx.request().method();
        // The request exactly as sent: frontends repeat the same bytes, so a kept answer is found
        // before any JSON is parsed.
        String asSent = method == HttpMethod.GET ? ctx.request().query()
                : method == HttpMethod.POST ? ctx.body().asString() : null;
        String responseKey = asSent != null && hasBearerToken(ctx) && acceptsJson(ctx)
                ? method.name() + " " + asSent
                : null;
        if (responseKey != null) {
            ResponseCache.Stored answer = responses.lookup(responseKey);
            if (answer != null) {
                respond(ctx, method, answer);
                operations.cached(System.nanoTime() - started);
                return;
            }
        }
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
        Boolean queryOnly = documents.getIfPresent(query);
        if (queryOnly == null) {
            try {
                queryOnly = Parser.parse(query).getDefinitionsOfType(OperationDefinition.class).stream()
                        .allMatch(op -> op.getOperation() == OperationDefinition.Operation.QUERY);
                documents.put(query, queryOnly);
            } catch (InvalidSyntaxException e) {
                reject(ctx, 200, "Syntax error: " + e.getMessage(), e.getLocation() == null ? null
                        : Map.of("line", e.getLocation().getLine(), "column", e.getLocation().getColumn()));
                return;
            }
        }
        if (queryOnly && responseKey != null) {
            ctx.put(RequestCall.RESPONSE_KEY, responseKey);
        }
        ctx.addHeadersEndHandler(v -> answered(ctx, method));
        ctx.next();
    }

    /** When SmallRye's answer leaves: its Cache-Control, and a copy for the response cache. */
    private void answered(RoutingContext ctx, HttpMethod method) {
        Call call = ctx.get(Call.KEY);
        ctx.response().headers().set("Cache-Control", cacheControl(method, call));
        String key = ctx.get(RequestCall.RESPONSE_KEY);
        GraphQLContext graphqlContext = ctx.get(RequestCall.GRAPHQL_CONTEXT);
        if (key != null && graphqlContext != null && ctx.response().getStatusCode() == 200
                && graphqlContext.get(RequestCall.BODY) instanceof String body) {
            responses.offer(key, call, body);
        }
    }

    /** A kept answer: the same JSON, with the freshness it has left. */
    private static void respond(RoutingContext ctx, HttpMethod method, ResponseCache.Stored answer) {
        long maxAge = Math.max(0, (answer.freshUntilMillis() - System.currentTimeMillis()) / 1000);
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/json;charset=UTF-8")
                .putHeader("Cache-Control", method == HttpMethod.GET ? "public, max-age=" + maxAge : NO_STORE)
                .end(Buffer.buffer(answer.body()));
    }

    /** Cached answers are for callers that sent a usable token, like every other answer. */
    private static boolean hasBearerToken(RoutingContext ctx) {
        try {
            return BearerToken.parse(ctx.request().getHeader("Authorization")) != null;
        } catch (GatewayException malformed) {
            return false;
        }
    }

    private static boolean acceptsJson(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept == null || accept.contains("*/*") || accept.contains("application/json");
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
