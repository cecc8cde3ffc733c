package dev.v2exgraphql;

import java.time.Duration;
import java.util.List;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.RedisSentinelSet;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link RedisKindContract} over a Sentinel-managed Redis (a master, a replica, three sentinels;
 * {@code quarkus.redis.client-type=sentinel}): killing the master makes the sentinels promote the
 * replica while the load runs.
 */
@QuarkusIntegrationTest
@WithTestResource(value = FakeUpstreamResource.class, initArgs = @ResourceArg(name = "redis", value = "sentinel"))
class SentinelIT extends RedisKindContract {

    private static RedisSentinelSet sentinel() {
        return FakeUpstreamResource.sentinel();
    }

    @Override
    void flushShared() {
        sentinel().flushAll();
    }

    @Override
    List<String> sharedKeys() {
        return sentinel().keys();
    }

    @Override
    void killAMaster() {
        sentinel().killMaster();
    }

    @Override
    void heal() {
        sentinel().awaitFailover(Duration.ofSeconds(20));
    }
}
