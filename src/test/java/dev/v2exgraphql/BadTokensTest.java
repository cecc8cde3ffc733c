package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_EXPIRED;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_EXPIRED_QUIRK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Scrape;
import dev.v2exgraphql.support.Service;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A token the upstream refused costs one upstream call, however often and however widely it is used. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class BadTokensTest extends FakeUpstreamTest {

    private static final String MADE_UP = "made-up-token-0001";

    @Test
    void aMadeUpTokenSentAHundredTimesCostsOneCall() {
        for (int i = 0; i < 100; i++) {
            JsonPath r = Gql.query(MADE_UP, "{ topic(id: \"" + (1000 + i) + "\") { title } }");
            assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(r), r::prettify);
            assertEquals("The token is invalid", r.getString("errors[0].message"));
            assertNull(r.get("data.topic"));
        }
        assertEquals(1, counters().countByToken(MADE_UP));
        assertEquals(1, counters().total());
    }

    @Test
    void aMadeUpTokensFirstListGoesOutAsOneCallNotOnePerItem() {
        String ids = String.join(", ", IntStream.range(1000, 1020).mapToObj(id -> "\"" + id + "\"").toList());
        JsonPath r = Gql.query(MADE_UP, "{ topics(ids: [" + ids + "]) { title } }");
        assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(r), r::prettify); // the list fails as a whole
        assertEquals(1, counters().countByToken(MADE_UP));
    }

    @Test
    void manyConcurrentRequestsOfAMadeUpTokenCostOneCall() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String query = "{ topic(id: \"" + (1000 + i) + "\") { title } }";
                answers.add(pool.submit(() -> Gql.query(MADE_UP, query)));
            }
            for (Future<JsonPath> answer : answers) {
                assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(answer.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, counters().countByToken(MADE_UP));
    }

    @Test
    void anExpiredTokenIsToldSoEachTimeForOneCall() {
        for (String token : List.of(TOKEN_EXPIRED, TOKEN_EXPIRED_QUIRK)) {
            for (int i = 0; i < 5; i++) {
                JsonPath r = Gql.query(token, "{ viewer { member { username } } }");
                assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(r), r::prettify);
                assertEquals("The token has expired", r.getString("errors[0].message"));
            }
            assertEquals(1, counters().countByToken(token), token);
        }
    }

    @Test
    void anotherInstanceKnowsTheTokenIsBadThroughRedis() {
        Gql.query(MADE_UP, "{ topic(id: \"1000\") { title } }");
        assertEquals(1, counters().countByToken(MADE_UP));
        Service.clearLocalCache(); // as if another instance answered next: only Redis knows
        JsonPath r = Gql.query(MADE_UP, "{ topic(id: \"1001\") { title } }");
        assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(r), r::prettify);
        assertEquals("The token is invalid", r.getString("errors[0].message"));
        assertEquals(1, counters().countByToken(MADE_UP), "the second instance asked nobody");
    }

    @Test
    void refusalsAreCountedAndTokensTheUpstreamAcceptsAreNeverHeldBack() {
        double before = Scrape.now().sum("v2ex_upstream_calls_seconds_count", "outcome", "token_refused");
        double badTokensBefore = Scrape.now().sum("v2ex_budget_refusals_total", "reason", "bad_token");
        Gql.query(MADE_UP, "{ topic(id: \"1000\") { title } }");
        Gql.query(MADE_UP, "{ topic(id: \"1001\") { title } }");
        Gql.query(MADE_UP, "{ topic(id: \"1002\") { title } }");
        assertEquals(before + 2, Scrape.now().sum("v2ex_upstream_calls_seconds_count", "outcome", "token_refused"));
        assertEquals(badTokensBefore + 2, Scrape.now().sum("v2ex_budget_refusals_total", "reason", "bad_token"));

        // A real token right after, on the same topics: answered as always.
        JsonPath r = Gql.query(TOKEN_ALICE, "{ a: topic(id: \"1000\") { title } b: topic(id: \"1001\") { title } }");
        assertTrue(Gql.noErrors(r), r::prettify);
        assertEquals(2, counters().countByToken(TOKEN_ALICE));
        // A topic that does not exist is an answer too: the token stays accepted.
        assertNull(Gql.query(TOKEN_ALICE, "{ topic(id: \"999999\") { title } }").get("data.topic"));
        JsonPath again = Gql.query(TOKEN_ALICE, "{ topic(id: \"1002\") { title } }");
        assertTrue(Gql.noErrors(again), again::prettify);
    }

    @Test
    void aNewTokensFirstWaveWaitsForOneAnswerThenGoesTogether() {
        behaviour().latency(Duration.ofMillis(100)); // long enough to see which calls overlap
        String ids = String.join(", ", IntStream.range(1000, 1020).mapToObj(id -> "\"" + id + "\"").toList());
        JsonPath r = Gql.query(TOKEN_ALICE, "{ topics(ids: [" + ids + "]) { title } }");
        assertTrue(Gql.noErrors(r), r::prettify);
        assertEquals(20, counters().count("GET /topics/:id"), "every topic once, none twice");
        // The first call learns the token's verdict (and the budget); the other 19 then go together.
        assertEquals(19, counters().maxInFlight("GET /topics/:id"));
    }

    @Test
    void aTokenAcceptedOnAnotherInstanceIsNotProbedAgain() {
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "{ topic(id: \"1000\") { title } }")));
        Service.clearLocalCache(); // as if another instance answered next: only Redis knows
        behaviour().latency(Duration.ofMillis(100));
        counters().reset();
        String ids = String.join(", ", IntStream.range(1001, 1021).mapToObj(id -> "\"" + id + "\"").toList());
        JsonPath r = Gql.query(TOKEN_ALICE, "{ topics(ids: [" + ids + "]) { title } }");
        assertTrue(Gql.noErrors(r), r::prettify);
        // The budget is known (Redis) and so is the token: all 20 leave together, none alone first.
        assertEquals(20, counters().maxInFlight("GET /topics/:id"));
    }
}
