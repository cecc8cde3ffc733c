package dev.v2exgraphql;

import java.util.List;

import dev.v2exgraphql.support.FakeUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RedisKindContract} over one standalone redis-server (killed, then started again empty). */
@QuarkusIntegrationTest
@WithTestResource(FakeUpstreamResource.class)
class StandaloneRedisIT extends RedisKindContract {

    @Override
    void flushShared() {
        redis().flushAll();
    }

    @Override
    List<String> sharedKeys() {
        return redis().keys();
    }

    @Override
    void killAMaster() {
        redis().kill();
    }

    @Override
    void heal() {
        redis().start();
    }
}
