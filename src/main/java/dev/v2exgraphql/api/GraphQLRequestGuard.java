package dev.v2exgraphql.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.auth.BearerToken;
import dev.v2exgraphql.auth.Call;
import dev.v2exgraphql.auth.RequestCall;
import dev.v2exgraphql.cache.ResponseCache;
import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import graphql.GraphQLContext;
import graphql.language.OperationDefinition;
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

    private static final Logger LOG = Logger.getLogger(GraphQLRequestGuard.class);
    private static final String PATH = "/graphql";
    private static final String NO_STORE = "private, no-store";

    /**
     * Documents that parsed and passed the limits before (frontends send the same few over and
     * over), ~2 M chars at most, and whether they hold only queries (only those answers may be kept).
     */
    private final Cache<String, Boolean> documents = Caffeine.newBuilder()
            .maximumWeight(2_000_000).<String, Boolean> weigher((query, ok) -> query.length()).build();

    @Inject
    ResponseCache responses;
    @Inject
    DocumentLimits limits;

    /** The same bound Quarkus puts on request bodies; this guard reads the body first. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        // Runs before SmallRye's route; a second BodyHandler on the same request is a no-op.
        router.route(PATH).order(-100).handler(BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue()))
                .failureHandler(this::failed);
        router.route(PATH).order(-99).handler(this::check);
    }

    /**
     * Any request to the endpoint that failed, here or in SmallRye, still answers a GraphQL error
     * body (never Quarkus's error page, which carries a stack trace outside prod), with an honest status.
     */
    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            reject(ctx, 413, "The request body is larger than the limit of " + maxBodySize.asLongValue() + " bytes", null);
        } else if (status >= 400 && status < 500) {
            reject(ctx, status, "The request cannot be read", null);
        } else {
            LOG.error("Unexpected failure of a GraphQL request", ctx.failure());
            reject(ctx, 500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal error", null);
        }
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
                return;
            }
        }
        String query;
        String malformed = null;
        if (method == HttpMethod.GET) {
            query = ctx.request().getParam("query");
            malformed = RequestShape.problemOf(ctx.request().params());
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
            malformed = RequestShape.problemOf(body);
        } else if (method == HttpMethod.POST && isGraphQL(ctx)) {
            query = ctx.body().asString(); // SmallRye runs such a body as the document: check it the same way
        } else if (method == HttpMethod.POST) {
            // Without this, SmallRye would take any body as JSON, unchecked by the limits.
            reject(ctx, 415, "Send GraphQL requests as application/json (or a document as application/graphql)", null);
            return;
        } else if (method == HttpMethod.OPTIONS) {
            ctx.next(); // CORS preflights are answered before this guard; SmallRye answers the rest
            return;
        } else {
            ctx.response().putHeader("Allow", "GET, POST, OPTIONS");
            reject(ctx, 405, "GraphQL requests are sent with GET or POST", null);
            return;
        }
        if (malformed != null) {
            reject(ctx, 400, malformed, null);
            return;
        }
        if (query == null || query.isBlank()) {
            reject(ctx, 400, "The request has no GraphQL 'query'", null);
            return;
        }
        Boolean queryOnly = documents.getIfPresent(query);
        if (queryOnly == null) {
            DocumentLimits.Checked checked = limits.check(query);
            if (!checked.accepted()) {
                DocumentLimits.Rejection why = checked.rejection();
                reject(ctx, 200, why.code(), why.message(), why.location() == null ? null
                        : Map.of("line", why.location().getLine(), "column", why.location().getColumn()));
                return;
            }
            queryOnly = checked.document().getDefinitionsOfType(OperationDefinition.class).stream()
                    .allMatch(op -> op.getOperation() == OperationDefinition.Operation.QUERY);
            documents.put(query, queryOnly);
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

    private static boolean isGraphQL(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/graphql");
    }

    private static boolean isJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
    }

    private static void reject(RoutingContext ctx, int status, String message, Map<String, Integer> location) {
        reject(ctx, status, ErrorCode.BAD_USER_INPUT, message, location);
    }

    private static void reject(RoutingContext ctx, int status, ErrorCode code, String message,
            Map<String, Integer> location) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (location != null) {
            error.put("locations", List.of(location));
        }
        error.put("extensions", Map.of("code", code.name()));
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(Map.of("errors", List.of(error))));
    }
}
