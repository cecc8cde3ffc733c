package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Service;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** No Redis configured (the embedded default): the in-process tier alone still caches. */
@QuarkusTest
@TestProfile(InProcessCacheTest.WithoutRedis.class)
class InProcessCacheTest extends FakeUpstreamTest {

    /**
     * The fake upstream without Redis. A test profile rather than a second @WithTestResource: a
     * profile rebuilds the whole application, while a restart for other resources alone keeps
     * SmallRye GraphQL's ServiceLoader-loaded hooks (ErrorNormalizer, ...) of the previous start, whose
     * classes then no longer match the new ones (typed errors turn into INTERNAL_SERVER_ERROR).
     */
    public static class WithoutRedis implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeUpstreamResource.class, Map.of("redis", "false")));
        }
    }

    @Test
    void cachesWithoutRedis() {
        assertEquals("not configured (in-process cache only)", Service.upstreamCheck().getString("data.redis"));
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
