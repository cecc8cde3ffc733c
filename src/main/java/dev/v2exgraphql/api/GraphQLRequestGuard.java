package dev.v2exgraphql.api;

import java.util.ArrayList;
import java.util.HashMap;
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
import dev.v2exgraphql.auth.RequestCall;
import dev.v2exgraphql.cache.ResponseCache;
import dev.v2exgraphql.error.GatewayException;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Sits in front of {@code /graphql} and speaks GraphQL over HTTP: GET (queries only; a mutation is
 * 405) and POST with {@code application/json} (else 415); the answer's media type from
 * {@code Accept} (406 when neither JSON type is acceptable); requests that are not well-formed are
 * answered here with 400 and {@code extensions.code} BAD_USER_INPUT, and so are syntax errors
 * (SmallRye would reply "Unparseable input document" with no code). Persisted query hashes are
 * resolved here ({@link PersistedQueries}). Repeated public queries are answered from the
 * {@link ResponseCache} without running GraphQL ({@link KeptAnswers}). Other requests go on to
 * {@link GraphQLExecution}; their answer gets its {@code Cache-Control} from what the cache reported
 * while resolving it, and is offered to the response cache.
 */
@ApplicationScoped
public class GraphQLRequestGuard {

    private static final Logger LOG = Logger.getLogger(GraphQLRequestGuard.class);
    private static final String PATH = "/graphql";
    /** Before SmallRye GraphQL's first route on the path (its WebSocket handler, order -99). */
    private static final int ORDER = -110;

    /** What a parsed document holds: its operations by name, and whether all of them are queries. */
    record Operations(Map<String, OperationDefinition.Operation> named, List<OperationDefinition.Operation> all) {

        boolean queryOnly() {
            return all.stream().allMatch(op -> op == OperationDefinition.Operation.QUERY);
        }

        /** The operation a request selects; null when it selects none (GraphQL then reports why). */
        OperationDefinition.Operation selected(String operationName) {
            return operationName != null ? named.get(operationName) : all.size() == 1 ? all.get(0) : null;
        }
    }

    /**
     * Documents that parsed before (frontends send the same few over and over), ~2 M chars at most,
     * with their operations (only answers to queries may be kept; GET may not run a mutation).
     */
    private final Cache<String, Operations> documents = Caffeine.newBuilder()
            .maximumWeight(2_000_000).<String, Operations> weigher((query, ops) -> query.length()).build();

    @Inject
    KeptAnswers kept;

    @Inject
    DocumentLimits limits;

    @Inject
    PersistedQueries persisted;

    /** The same bound Quarkus puts on request bodies; this guard reads the body first. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @ConfigProperty(name = "quarkus.smallrye-graphql.http.get.enabled", defaultValue = "false")
    boolean getEnabled;

    void install(@Observes Router router) {
        // Runs before SmallRye's routes, including its WebSocket route (order -99), which would
        // otherwise open and close a CDI request context for every request, cached answers included
        // (the largest item of ours in a JFR profile of the hot path). A second BodyHandler on the
        // same request is a no-op. WebSocket upgrades pass untouched: reading their body breaks them.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
        GraphQLExecution execution = new GraphQLExecution();
        router.route(PATH).order(ORDER).handler(ctx -> unlessUpgrade(ctx, bodies::handle))
                .failureHandler(this::failed);
        router.route(PATH).order(ORDER + 1).handler(ctx -> unlessUpgrade(ctx, this::check));
        // Every request that passed the guard ends here: SmallRye's own /graphql route is never reached.
        router.route(PATH).order(ORDER + 2).handler(ctx -> unlessUpgrade(ctx, execution::handle));
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
        ResponseType asked = ctx.get(GraphQLExecution.RESPONSE_TYPE);
        ResponseType type = asked == null ? ResponseType.JSON : asked;
        int status = ctx.statusCode();
        if (status == 413) {
            reject(ctx, type, new RequestRejected(413, "BAD_USER_INPUT",
                    "The request body is larger than the limit of " + maxBodySize.asLongValue() + " bytes", null));
        } else if (status >= 400 && status < 500) {
            reject(ctx, type, new RequestRejected(status, "BAD_USER_INPUT", "The request cannot be read", null));
        } else {
            LOG.error("Unexpected failure of a GraphQL request", ctx.failure());
            reject(ctx, type, new RequestRejected(500, "INTERNAL_SERVER_ERROR", "Internal error", null));
        }
    }

    private static void unlessUpgrade(RoutingContext ctx, Handler<RoutingContext> handler) {
        if (ctx.request().headers().contains(HttpHeaders.UPGRADE)) {
            ctx.next();
        } else {
            handler.handle(ctx);
        }
    }

    void check(RoutingContext ctx) {
        long started = System.nanoTime();
        HttpMethod method = ctx.request().method();
        // The media type depends on Accept: caches must keep answers apart by it.
        ctx.response().headers().add("Vary", "Accept");
        ResponseType type = ResponseType.negotiate(ctx.request().getHeader("Accept"));
        if (method == HttpMethod.OPTIONS) {
            ctx.response().setStatusCode(204).putHeader("Allow", allowed() + ", OPTIONS").end();
            return;
        }
        RequestRejected refused = refuseByHeaders(method, type, ctx.request().getHeader("Content-Type"));
        if (refused != null) {
            reject(ctx, type == null ? ResponseType.JSON : type, refused);
            return;
        }
        // The request exactly as sent: frontends repeat the same bytes, so a kept answer is found
        // before any JSON is parsed.
        String asSent = method == HttpMethod.GET ? ctx.request().query() : ctx.body().asString();
        String responseKey = asSent != null && hasBearerToken(ctx) ? method.name() + " " + asSent : null;
        if (responseKey != null && kept.answer(ctx, method, type, responseKey, started,
                () -> execute(ctx, method, type, responseKey))) {
            return;
        }
        execute(ctx, method, type, responseKey);
    }

    /** No kept answer: read the request, resolve a persisted query, and go on to run it. */
    private void execute(RoutingContext ctx, HttpMethod method, ResponseType type, String responseKey) {
        GraphQLRequest request;
        try {
            request = method == HttpMethod.GET ? GraphQLRequest.fromParameters(queryParameters(ctx))
                    : GraphQLRequest.fromBody(ctx.body().buffer());
        } catch (RequestRejected rejected) {
            reject(ctx, type, rejected);
            return;
        }
        // A persisted query's text may come from Redis: go on on this request's own event loop.
        Context context = Vertx.currentContext();
        persisted.resolve(request).subscribe().with(
                resolved -> onContext(context, () -> proceed(ctx, method, type, responseKey, resolved)),
                failure -> onContext(context, () -> {
                    if (failure instanceof RequestRejected rejected) {
                        reject(ctx, type, rejected);
                    } else {
                        ctx.fail(failure);
                    }
                }));
    }

    /** What the method and headers alone rule out: 405, 406, 415 (null: nothing). */
    private RequestRejected refuseByHeaders(HttpMethod method, ResponseType type, String contentType) {
        if (method != HttpMethod.POST && (method != HttpMethod.GET || !getEnabled)) {
            return new RequestRejected(405, "BAD_USER_INPUT", "GraphQL requests are sent with " + allowed(), allowed());
        }
        if (type == null) {
            return new RequestRejected(406, "BAD_USER_INPUT",
                    "Answers are application/graphql-response+json or application/json", null);
        }
        if (method == HttpMethod.POST && !isJson(contentType)) {
            return new RequestRejected(415, "BAD_USER_INPUT", "A POST body must be application/json", null);
        }
        return null;
    }

    /** The request with its query text: parse it, check it, and hand it to the execution. */
    private void proceed(RoutingContext ctx, HttpMethod method, ResponseType type, String responseKey,
            GraphQLRequest request) {
        String query = request.query();
        if (query == null || query.isBlank()) {
            reject(ctx, type, RequestRejected.badRequest("The request has no GraphQL 'query'"));
            return;
        }
        Operations operations = documents.getIfPresent(query);
        if (operations == null) {
            // Parsed once and checked against the size limits before SmallRye validates it.
            DocumentLimits.Checked checked = limits.check(query);
            if (!checked.accepted()) {
                // application/json: a GraphQL error with 200; graphql-response+json: a request error, 400.
                DocumentLimits.Rejection why = checked.rejection();
                reject(ctx, type, new RequestRejected(type == ResponseType.JSON ? 200 : 400, why.code().name(),
                        why.message(), null), why.location() == null ? null
                                : Map.of("line", why.location().getLine(), "column", why.location().getColumn()));
                return;
            }
            operations = describe(checked.document());
            documents.put(query, operations);
        }
        if (method == HttpMethod.GET && operations.selected(request.operationName()) == OperationDefinition.Operation.MUTATION) {
            reject(ctx, type, new RequestRejected(405, "BAD_USER_INPUT", "Mutations are sent with POST", "POST"));
            return;
        }
        persisted.register(request);
        if (operations.queryOnly() && responseKey != null) {
            ctx.put(RequestCall.RESPONSE_KEY, responseKey);
        }
        ctx.put(GraphQLExecution.REQUEST, request);
        ctx.put(GraphQLExecution.RESPONSE_TYPE, type);
        ctx.addHeadersEndHandler(v -> kept.answered(ctx, method));
        ctx.next();
    }

    private static Operations describe(Document document) {
        Map<String, OperationDefinition.Operation> named = new HashMap<>();
        List<OperationDefinition.Operation> all = new ArrayList<>();
        for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
            all.add(op.getOperation());
            if (op.getName() != null) {
                named.put(op.getName(), op.getOperation());
            }
        }
        return new Operations(Map.copyOf(named), List.copyOf(all));
    }

    private String allowed() {
        return getEnabled ? "GET, POST" : "POST";
    }

    /** Cached answers are for callers that sent a usable token, like every other answer. */
    private static boolean hasBearerToken(RoutingContext ctx) {
        try {
            return BearerToken.parse(ctx.request().getHeader("Authorization")) != null;
        } catch (GatewayException malformed) {
            return false;
        }
    }

    /** {@code application/json}, in UTF-8 (said or not): the one body GraphQL over HTTP requires. */
    static boolean isJson(String contentType) {
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        return type != null && type.type().equals("application") && type.subtype().equals("json") && type.utf8();
    }

    private static MultiMap queryParameters(RoutingContext ctx) {
        try {
            return ctx.queryParams();
        } catch (RuntimeException malformed) { // Vert.x refuses a query string it cannot decode
            throw RequestRejected.badRequest("The query string is not valid URL encoding");
        }
    }

    /** Runs the action on the given event loop (the request's), right away when already on it. */
    static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private static void reject(RoutingContext ctx, ResponseType type, RequestRejected rejected) {
        reject(ctx, type, rejected, null);
    }

    private static void reject(RoutingContext ctx, ResponseType type, RequestRejected rejected,
            Map<String, Integer> location) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", rejected.getMessage());
        if (location != null) {
            error.put("locations", List.of(location));
        }
        error.put("extensions", Map.of("code", rejected.code()));
        KeptAnswers.released(ctx);
        HttpServerResponse response = ctx.response().setStatusCode(rejected.status())
                .putHeader("Content-Type", type.contentType())
                .putHeader("Cache-Control", KeptAnswers.NO_STORE);
        if (rejected.allow() != null) {
            response.putHeader("Allow", rejected.allow());
        }
        response.end(Json.encode(Map.of("errors", List.of(error))));
    }
}
