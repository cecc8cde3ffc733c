package dev.v2exgraphql.support;

import org.junit.jupiter.api.BeforeEach;

import dev.v2exgraphql.demo.CallCounters;
import dev.v2exgraphql.demo.DemoData;
import dev.v2exgraphql.demo.FakeBehaviour;
import dev.v2exgraphql.demo.FakeV2exServer;

/**
 * Base of the black-box tests: a well-behaved fake with zeroed counters and a freshly reset service
 * before each test. Subclasses talk to the service over HTTP only (see {@link Service}), so each also
 * runs against the packaged jar as {@code FooIT extends FooTest} with {@code @QuarkusIntegrationTest}.
 * Subclasses declare {@code @WithTestResource(FakeUpstreamResource.class)} themselves (here it would
 * add a second, conflicting resource to a class that starts it with other arguments).
 */
public abstract class FakeUpstreamTest {

    @BeforeEach
    void resetFakeAndService() throws InterruptedException {
        // Background work of the previous test (refreshes, prefetches) must not land in this one.
        for (int i = 0; i < 100 && fake().counters().inFlightTotal() > 0; i++) {
            Thread.sleep(50);
        }
        Thread.sleep(100); // and for the service to take in their answers
        fake().behaviour().reset();
        fake().counters().reset();
        redis().start(); // in case a test stopped it
        redis().flushAll();
        // Over HTTP, so this works whether the service runs in this JVM or in its own process.
        Service.reset();
        Service.awaitRedisUsable();
    }

    protected static RedisServerProcess redis() {
        return FakeUpstreamResource.redis();
    }

    protected static FakeV2exServer fake() {
        return FakeUpstreamResource.fake();
    }

    protected static DemoData data() {
        return fake().data();
    }

    protected static FakeBehaviour behaviour() {
        return fake().behaviour();
    }

    protected static CallCounters counters() {
        return fake().counters();
    }
}
