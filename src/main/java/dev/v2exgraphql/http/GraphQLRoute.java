package dev.v2exgraphql.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.telemetry.BudgetMetrics;
import graphql.language.OperationDefinition;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The {@code /graphql} route, speaking GraphQL over HTTP: GET (queries only; a mutation is 405) and
 * POST with {@code application/json} (else 415); the answer's media type from {@code Accept} (406
 * when neither JSON type is acceptable); requests that are not well-formed are answered with 400 and
 * {@code extensions.code} BAD_USER_INPUT ({@link ErrorResponses}). Each request becomes one
 * {@link ClientRequest}, its token parsed once. Repeated public queries are answered by the
 * {@link AnswerCache} without running GraphQL; the others have their document resolved and checked
 * ({@link Documents}) and are run by the {@link Execution}.
 */
@ApplicationScoped
public class GraphQLRoute {

    private static final String PATH = "/graphql";
    /** Before SmallRye GraphQL's first route on the path (its WebSocket handler, order -99). */
    private static final int ORDER = -110;

    private final AnswerCache answers;
    private final Documents documents;
    private final Execution execution;
    /** The same bound Quarkus puts on request bodies; this route reads the body first. */
    private final MemorySize maxBodySize;
    private final boolean getEnabled;
    private final int maxRequestCost;
    private final BudgetMetrics budgetMetrics;

    @Inject
    GraphQLRoute(AnswerCache answers, Documents documents, Execution execution, V2exConfig config,
            BudgetMetrics budgetMetrics,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "256K") MemorySize maxBodySize,
            @ConfigProperty(name = "quarkus.smallrye-graphql.http.get.enabled", defaultValue = "false") boolean getEnabled) {
        this.answers = answers;
        this.documents = documents;
        this.execution = execution;
        this.maxBodySize = maxBodySize;
        this.getEnabled = getEnabled;
        this.maxRequestCost = config.quota().maxRequestCost();
        this.budgetMetrics = budgetMetrics;
    }

    void install(@Observes Router router) {
        // Runs before SmallRye's routes, including its WebSocket route (order -99), which would
        // otherwise open and close a CDI request context for every request, cached answers included
        // (the largest item of ours in a JFR profile of the hot path). A second BodyHandler on the
        // same request is a no-op. WebSocket upgrades pass untouched: reading their body breaks them.
        // Every request that passes ends in this route: SmallRye's own /graphql route is never reached.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue());
        router.route(PATH).order(ORDER).handler(ctx -> unlessUpgrade(ctx, bodies::handle))
                .failureHandler(this::failed);
        router.route(PATH).order(ORDER + 1).handler(ctx -> unlessUpgrade(ctx, this::check));
    }

    /**
     * Any request to the endpoint that failed before it was checked (body too large or unreadable,
     * or a bug) still answers a GraphQL error body (never Quarkus's error page, which carries a stack
     * trace outside prod), with an honest status.
     */
    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            ErrorResponses.send(ctx, ResponseType.JSON, new RequestRejected(413, "BAD_USER_INPUT",
                    "The request body is larger than the limit of " + maxBodySize.asLongValue() + " bytes", null));
        } else if (status >= 400 && status < 500) {
            ErrorResponses.send(ctx, ResponseType.JSON,
                    new RequestRejected(status, "BAD_USER_INPUT", "The request cannot be read", null));
        } else {
            ErrorResponses.internal(ctx, ResponseType.JSON, ctx.failure());
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
            ErrorResponses.send(ctx, type == null ? ResponseType.JSON : type, refused);
            return;
        }
        ClientRequest client = ClientRequest.from(ctx.request().getHeader("Authorization"), ctx.request().remoteAddress(),
                ctx.request().connection().remoteAddress());
        // The request exactly as sent: frontends repeat the same bytes, so a kept answer is found
        // before any JSON is parsed. Kept answers are for callers that sent a usable token, like
        // every other answer.
        String asSent = method == HttpMethod.GET ? ctx.request().query() : ctx.body().asString();
        String answerKey = asSent != null && client.hasToken() ? method.name() + " " + asSent : null;
        if (answerKey != null && answers.serve(ctx, method, type, answerKey, started,
                () -> read(ctx, method, type, client, answerKey))) {
            return;
        }
        read(ctx, method, type, client, answerKey);
    }

    /** No kept answer: read the request, resolve a persisted query, and go on to run it. */
    private void read(RoutingContext ctx, HttpMethod method, ResponseType type, ClientRequest client, String answerKey) {
        GraphQLRequest request;
        try {
            request = method == HttpMethod.GET ? GraphQLRequest.fromParameters(queryParameters(ctx))
                    : GraphQLRequest.fromBody(ctx.body().buffer());
        } catch (RequestRejected rejected) {
            ErrorResponses.send(ctx, type, rejected);
            return;
        }
        // A persisted query's text may come from Redis: go on on this request's own event loop.
        Context context = Vertx.currentContext();
        documents.resolve(request).subscribe().with(
                resolved -> onContext(context, () -> run(ctx, method, type, client, answerKey, resolved)),
                failure -> onContext(context, () -> {
                    if (failure instanceof RequestRejected rejected) {
                        ErrorResponses.send(ctx, type, rejected);
                    } else {
                        ErrorResponses.internal(ctx, type, failure);
                    }
                }));
    }

    /** The request with its query text: check its document, and hand it to the execution. */
    private void run(RoutingContext ctx, HttpMethod method, ResponseType type, ClientRequest client, String answerKey,
            GraphQLRequest request) {
        Documents.Operations operations;
        try {
            operations = documents.read(request, type);
        } catch (RequestRejected rejected) {
            ErrorResponses.send(ctx, type, rejected);
            return;
        }
        if (method == HttpMethod.GET && operations.selected(request.operationName()) == OperationDefinition.Operation.MUTATION) {
            ErrorResponses.send(ctx, type, new RequestRejected(405, "BAD_USER_INPUT", "Mutations are sent with POST", "POST"));
            return;
        }
        long cost = operations.cost(request.operationName()).cost(request.variables());
        if (cost > maxRequestCost) {
            budgetMetrics.refused(BudgetMetrics.Refusal.TOO_EXPENSIVE);
            // Like a limit of the document: a GraphQL error with 200 in application/json, else 400.
            ErrorResponses.send(ctx, type, new RequestRejected(type == ResponseType.JSON ? 200 : 400,
                    ErrorCode.QUERY_TOO_EXPENSIVE.name(), "This request could cost up to " + cost
                            + " upstream calls; one request may cost at most " + maxRequestCost
                            + ": ask for fewer items, pages or aliases at once",
                    null, null, Map.of("cost", cost, "maxCost", maxRequestCost)));
            return;
        }
        client.estimatedCost(cost);
        documents.accepted(request);
        // Set as the answer leaves, from what the cache reported while resolving it.
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", AnswerCache.cacheControl(method, client)));
        execution.run(ctx, type, request, client, operations.queryOnly() ? answerKey : null);
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

    private String allowed() {
        return getEnabled ? "GET, POST" : "POST";
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
}
