package dev.v2exgraphql.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.v2exgraphql.budget.QuotaGovernor;
import dev.v2exgraphql.budget.TokenVerdicts;
import dev.v2exgraphql.cache.PersistedQueryStore;
import dev.v2exgraphql.cache.TwoTierCache;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.redis.SharedRedis;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The seam the black-box tests reset the service through between tests. The same tests run against
 * the service in their own JVM and against the packaged jar or native binary in another process,
 * so they cannot reach its beans; they call these routes instead. Off unless
 * {@code v2ex.test-support.enabled=true}, which only the tests' resource sets: then the routes do
 * not exist at all (404). They reset in-process state only, never Redis or the upstream.
 */
@ApplicationScoped
public class TestSupportRoutes {

    private static final Logger LOG = Logger.getLogger(TestSupportRoutes.class);
    private static final String ROOT = "/test-support/";

    @Inject
    V2exConfig config;
    @Inject
    TwoTierCache cache;
    @Inject
    QuotaGovernor quota;
    @Inject
    SharedRedis redis;
    @Inject
    PersistedQueryStore persistedQueries;
    @Inject
    TokenVerdicts verdicts;

    void install(@Observes Router router) {
        if (!config.testSupport().enabled()) {
            return;
        }
        LOG.warnf("Test-support routes enabled at %s* (v2ex.test-support.enabled): for tests only", ROOT);
        router.post(ROOT + "reset").handler(this::reset);
        router.post(ROOT + "clear-local-cache").handler(this::clearLocalCache);
        router.get(ROOT + "redis").handler(this::redis);
    }

    /** As after a start: empty in-process caches, no budget known locally, every breaker closed. */
    void reset(RoutingContext ctx) {
        cache.clearLocal();
        persistedQueries.clearLocal();
        verdicts.forgetLocal();
        quota.forgetLocal();
        CircuitBreakerMaintenance.get().resetAll();
        ctx.response().setStatusCode(204).end();
    }

    /**
     * Empties the in-process tiers (data, whole answers, persisted queries, token verdicts), as if
     * another instance answered next; Redis keeps its entries.
     */
    void clearLocalCache(RoutingContext ctx) {
        cache.clearLocal();
        persistedQueries.clearLocal();
        verdicts.forgetLocal();
        ctx.response().setStatusCode(204).end();
    }

    /** Whether the cache would use Redis now: configured, out of its back-off window, answering. */
    void redis(RoutingContext ctx) {
        JsonObject state = new JsonObject().put("configured", redis.configured());
        if (!redis.available()) { // not configured, or backing off: a ping now would end the back-off early
            json(ctx, state.put("usable", false));
            return;
        }
        redis.ping().subscribe().with(answers -> json(ctx, state.put("usable", answers)), ctx::fail);
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
