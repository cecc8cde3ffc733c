package dev.v2exgraphql.support;

import org.junit.jupiter.api.BeforeEach;

import dev.v2exgraphql.demo.CallCounters;
import dev.v2exgraphql.demo.FakeBehaviour;
import dev.v2exgraphql.demo.FakeData;
import dev.v2exgraphql.demo.FakeV2exServer;
import dev.v2exgraphql.cache.TwoTierCache;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;

/** Base of the black-box tests: a well-behaved fake with zeroed counters before each test. */
@WithTestResource(FakeUpstreamResource.class)
public abstract class FakeUpstreamTest {

    @BeforeEach
    void resetFakeAndCache() {
        fake().behaviour().reset();
        fake().counters().reset();
        redis().start(); // in case a test stopped it
        redis().flushAll();
        Arc.container().instance(TwoTierCache.class).get().clearLocal();
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
