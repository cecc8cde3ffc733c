package dev.v2exgraphql.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.v2exgraphql.auth.Call;
import dev.v2exgraphql.auth.RequestCall;
import dev.v2exgraphql.cache.ResponseCache;
import dev.v2exgraphql.telemetry.OperationMetrics;
import graphql.GraphQLContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The request guard's side of the {@link ResponseCache}: before a request runs, serve its kept
 * answer, wait for the rebuild another request is making, or note that this request rebuilds it;
 * when an answer leaves, set its {@code Cache-Control}, offer it, and let the waiting requests go.
 */
@ApplicationScoped
class KeptAnswers {

    static final String NO_STORE = "private, no-store";

    /** Where a request that rebuilds a kept answer keeps what to call when it is done. */
    private static final String REBUILD_DONE = "v2ex.rebuild-done";

    private final ResponseCache responses;
    private final OperationMetrics operations;

    @Inject
    KeptAnswers(ResponseCache responses, OperationMetrics operations) {
        this.responses = responses;
        this.operations = operations;
    }

    /**
     * Answers the request from a kept answer, now or once the rebuild it waits for is done (true),
     * or leaves it to be run (false). A waiting request whose rebuild left nothing to serve is run
     * then, with {@code run}.
     */
    boolean answer(RoutingContext ctx, HttpMethod method, ResponseType type, String key, long started, Runnable run) {
        ResponseCache.Lookup lookup = responses.lookup(key);
        if (lookup instanceof ResponseCache.Lookup.Hit hit) {
            respond(ctx, method, type, hit.answer(), started);
            return true;
        }
        if (lookup instanceof ResponseCache.Lookup.Wait wait) {
            // Another request is rebuilding this very answer: it is usually ready within a
            // millisecond, and running the query again meanwhile would only compete with it.
            Context context = Vertx.currentContext();
            wait.rebuilt().whenComplete((done, failure) -> GraphQLRequestGuard.onContext(context, () -> {
                ResponseCache.Stored answer = responses.afterWait(key);
                if (answer != null) {
                    respond(ctx, method, type, answer, started);
                } else {
                    run.run();
                }
            }));
            return true;
        }
        // This request builds the answer: when it is answered or rejected, the requests waiting
        // for that answer are let go (see released()).
        ctx.put(REBUILD_DONE, ((ResponseCache.Lookup.Build) lookup).done());
        return false;
    }

    /** When the answer leaves: its Cache-Control, and a copy for the response cache. */
    void answered(RoutingContext ctx, HttpMethod method) {
        Call call = ctx.get(Call.KEY);
        ctx.response().headers().set("Cache-Control", cacheControl(method, call));
        String key = ctx.get(RequestCall.RESPONSE_KEY);
        GraphQLContext graphqlContext = ctx.get(RequestCall.GRAPHQL_CONTEXT);
        if (key != null && graphqlContext != null && ctx.response().getStatusCode() == 200
                && graphqlContext.get(RequestCall.BODY) instanceof String body) {
            responses.offer(key, call, body);
        }
        released(ctx);
    }

    /** This request rebuilt a kept answer (or gave up on it): whoever waits for it may look again. */
    static void released(RoutingContext ctx) {
        Runnable done = ctx.get(REBUILD_DONE);
        if (done != null) {
            done.run();
        }
    }

    /**
     * CDNs and browsers may keep a GET answer made only of fresh public data, for as long as its
     * least fresh part stays fresh; anything private, stale, failed or sent by POST is not kept.
     */
    static String cacheControl(HttpMethod method, Call call) {
        long freshFor = ResponseCache.freshForMillis(call);
        // Under a second left: nothing a shared cache could usefully keep.
        return method == HttpMethod.GET && freshFor >= 1000 ? "public, max-age=" + freshFor / 1000 : NO_STORE;
    }

    /** A kept answer: the same JSON, with the freshness it has left (none for one holding stale data). */
    private void respond(RoutingContext ctx, HttpMethod method, ResponseType type, ResponseCache.Stored answer,
            long started) {
        long maxAge = Math.max(0, (answer.freshUntilMillis() - System.currentTimeMillis()) / 1000);
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", type.contentType())
                .putHeader("Cache-Control", method == HttpMethod.GET && !answer.stale() ? "public, max-age=" + maxAge : NO_STORE)
                .end(answer.body());
        operations.cached(System.nanoTime() - started);
    }
}
