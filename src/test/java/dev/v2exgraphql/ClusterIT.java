package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.RedisClusterSet;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link RedisKindContract} over a Redis Cluster of three masters ({@code quarkus.redis.client-type=cluster}):
 * keys spread over every node; killing the node that owns the budget record takes the cluster down
 * (no replicas) while the load runs; it rejoins afterwards.
 */
@QuarkusIntegrationTest
@WithTestResource(value = FakeUpstreamResource.class, initArgs = @ResourceArg(name = "redis", value = "cluster"))
class ClusterIT extends RedisKindContract {

    private static int killed = -1;

    private static RedisClusterSet cluster() {
        return FakeUpstreamResource.cluster();
    }

    @Test
    @Order(1)
    void entriesSpreadOverEveryNode() {
        List<Long> ids = data().topicIds().subList(40, 70);
        for (long id : ids) {
            assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "{ topic(id: \"" + id + "\") { title } }")));
        }
        assertEquals(ids.size(), counters().total());
        for (int port : cluster().ports()) {
            List<String> keys = cluster().keysOn(port);
            assertTrue(keys.stream().anyMatch(k -> k.startsWith("v2gql:v1:topic")), () -> port + " holds " + keys);
        }
    }

    @Override
    void flushShared() {
        cluster().flushAll();
    }

    @Override
    List<String> sharedKeys() {
        return cluster().keysEverywhere();
    }

    @Override
    void killAMaster() {
        killed = cluster().portOwning("v2gql:v1:quota");
        cluster().killNode(killed);
    }

    @Override
    void heal() {
        if (killed > 0) {
            cluster().restartNode(killed);
            killed = -1;
        }
    }
}
