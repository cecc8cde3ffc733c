package dev.v2exgraphql;

import static dev.v2exgraphql.demo.FakeData.TOKEN_ALICE;
import static dev.v2exgraphql.demo.FakeData.TOKEN_BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.cache.RedisTier;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** No Redis configured (the embedded default): the in-process tier alone still caches. */
@QuarkusTest
@WithTestResource(value = FakeUpstreamResource.class, initArgs = @ResourceArg(name = "redis", value = "false"))
class InProcessCacheTest extends FakeUpstreamTest {

    @Inject
    RedisTier redisTier;

    @Test
    void cachesWithoutRedis() {
        assertTrue(!redisTier.configured());
        String query = "{ node(name: \"python\") { topics { items { author { username } } } } viewer { member { username } } }";
        JsonPath cold = Gql.query(TOKEN_ALICE, query);
        assertTrue(Gql.noErrors(cold), cold::prettify);
        int calls = counters().total();

        Gql.query(TOKEN_ALICE, query);
        assertEquals(calls, counters().total(), "warm repeat: no upstream call");

        JsonPath bob = Gql.query(TOKEN_BOB, query);
        assertEquals("bob", bob.getString("data.viewer.member.username"));
        assertEquals(calls + 1, counters().total(), "public data shared, bob's member fetched for bob");
        assertEquals(List.of(), redis().keys(), "nothing was written to any Redis");
    }
}
