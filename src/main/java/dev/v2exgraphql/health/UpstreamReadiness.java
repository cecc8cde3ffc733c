package dev.v2exgraphql.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.v2exgraphql.budget.QuotaGovernor;
import dev.v2exgraphql.cache.TwoTierCache;
import dev.v2exgraphql.redis.SharedRedis;
import dev.v2exgraphql.upstream.UpstreamGuard;
import dev.v2exgraphql.v2ex.Family;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * What the service is running on: the cache tiers, each family's circuit breaker and the upstream
 * budget. It stays UP through all of them — the service still answers (from the cache, or with
 * typed errors), and taking every pod out of rotation because Redis or V2EX struggles would turn a
 * degradation into an outage. The data says what is degraded.
 */
@Readiness
@ApplicationScoped
public class UpstreamReadiness implements AsyncHealthCheck {

    @Inject
    SharedRedis redis;
    @Inject
    TwoTierCache cache;
    @Inject
    UpstreamGuard guard;
    @Inject
    QuotaGovernor quota;

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.ping().map(this::report);
    }

    private HealthCheckResponse report(boolean redisAnswers) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("v2ex-upstream").up()
                .withData("redis", !redis.configured() ? "not configured (in-process cache only)"
                        : redisAnswers ? "reachable" : "unreachable (in-process cache only)");
        if (redis.configured()) {
            response.withData("redis.invalidations", cache.hearsOtherInstances() ? "heard from every instance"
                    : "may miss other instances' writes (in-process copies kept for l1-ttl only)");
        }
        for (Family family : Family.values()) {
            response.withData("breaker." + family.label(),
                    guard.breakerState(family).name());
        }
        QuotaGovernor.Budget budget = quota.budget();
        if (budget == null) {
            response.withData("quota", "unknown until the first upstream answer");
        } else {
            response.withData("quota.limit", budget.limit())
                    .withData("quota.remaining", budget.remaining())
                    .withData("quota.resetsInSeconds", quota.secondsUntilReset());
        }
        return response.build();
    }
}
