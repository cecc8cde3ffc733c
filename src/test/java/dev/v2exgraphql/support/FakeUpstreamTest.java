package dev.v2exgraphql.support;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import dev.v2exgraphql.demo.CallCounters;
import dev.v2exgraphql.demo.FakeBehaviour;
import dev.v2exgraphql.demo.FakeData;
import dev.v2exgraphql.demo.FakeV2exServer;
import dev.v2exgraphql.cache.RedisTier;
import dev.v2exgraphql.cache.TwoTierCache;
import dev.v2exgraphql.quota.QuotaGovernor;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;

/** Base of the black-box tests: a well-behaved fake with zeroed counters before each test. */
@WithTestResource(FakeUpstreamResource.class)
public abstract class FakeUpstreamTest {

    @BeforeEach
    void resetFakeAndCache() throws InterruptedException {
        // Background work of the previous test (refreshes, prefetches) must not land in this one.
        for (int i = 0; i < 100 && fake().counters().inFlightTotal() > 0; i++) {
            Thread.sleep(50);
        }
        Thread.sleep(100); // and for the service to take in their answers
        fake().behaviour().reset();
        fake().counters().reset();
        redis().start(); // in case a test stopped it
        redis().flushAll();
        Arc.container().instance(TwoTierCache.class).get().clearLocal();
        Arc.container().instance(QuotaGovernor.class).get().forgetLocal();
        CircuitBreakerMaintenance.get().resetAll();
        awaitRedisTierUsable();
    }

    /** After an outage the tier backs off for a moment; a test starts once Redis answers it again. */
    private static void awaitRedisTierUsable() throws InterruptedException {
        RedisTier tier = Arc.container().instance(RedisTier.class).get();
        for (int i = 0; i < 200 && tier.configured(); i++) {
            if (tier.available() && tier.ping().await().atMost(Duration.ofSeconds(2))) {
                return;
            }
            Thread.sleep(50);
        }
    }

    protected static RedisServerProcess redis() {
        return FakeUpstreamResource.redis();
    }

    protected static FakeV2exServer fake() {
        return FakeUpstreamResource.fake();
    }

    protected static FakeData data() {
        return fake().data();
    }

    protected static FakeBehaviour behaviour() {
        return fake().behaviour();
    }

    protected static CallCounters counters() {
        return fake().counters();
    }
}
