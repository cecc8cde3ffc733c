package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Service;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Fault tolerance around the upstream, seen through /graphql and the fake's call counters. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class ResilienceTest extends FakeUpstreamTest {

    @Test
    void failedReadsAreRetried() {
        behaviour().faultKind(FaultKind.HTTP_500).faultRate(0.5); // every second call fails
        JsonPath r = Gql.query(TOKEN_ALICE, "{ a: node(name: \"apple\") { name } q: node(name: \"qna\") { name } }");
        assertTrue(Gql.noErrors(r), r::prettify);
        assertTrue(counters().count("GET /nodes/:name") > 2, "a failed attempt was tried again");
    }

    @Test
    void readsGiveUpAfterTheirRetries() {
        behaviour().faultKind(FaultKind.HTTP_500).faultRate(1.0);
        assertEquals(List.of("UPSTREAM_UNAVAILABLE"), Gql.codes(Gql.query(TOKEN_ALICE, "{ node(name: \"apple\") { name } }")));
        assertEquals(3, counters().count("GET /nodes/:name"), "one attempt and two retries");
    }

    @Test
    void aMutationIsSentOnceEvenWhenItTimesOut() throws InterruptedException {
        behaviour().faultKind(FaultKind.HANG).faultOnly("POST /topics/:id/boost").faultRate(1.0);
        String topic = String.valueOf(data().topicIdsByAuthor("alice").get(0));
        JsonPath r = Gql.query(TOKEN_ALICE, "mutation { boostTopic(topicId: \"" + topic + "\") { topicId } }");
        assertEquals(List.of("UPSTREAM_UNAVAILABLE"), Gql.codes(r), r::prettify);
        Thread.sleep(500); // a retry would have arrived by now
        assertEquals(1, counters().count("POST /topics/:id/boost"));

        behaviour().faultOnly("POST /tokens").faultKind(FaultKind.HTTP_500);
        int tokens = data().tokensOf("bob").size();
        assertEquals(List.of("UPSTREAM_UNAVAILABLE"),
                Gql.codes(Gql.query(TOKEN_BOB, "mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }")));
        assertEquals(1, counters().count("POST /tokens"));
        assertEquals(tokens, data().tokensOf("bob").size());
    }

    @Test
    void aFailingFamilyOpensItsBreakerAndRecoversHalfOpen() throws InterruptedException {
        behaviour().faultKind(FaultKind.HTTP_500).faultOnly("GET /nodes/:name").faultRate(1.0);
        for (String node : List.of("apple", "qna", "jobs", "v2ex")) {
            Gql.query(TOKEN_ALICE, "{ node(name: \"" + node + "\") { name } }");
        }
        assertEquals("OPEN", breaker("nodes"));
        int callsWhenOpened = counters().count("GET /nodes/:name");

        JsonPath open = Gql.query(TOKEN_ALICE, "{ node(name: \"programmer\") { name } topic(id: \"1000\") { title } }");
        assertEquals(List.of("UPSTREAM_UNAVAILABLE"), Gql.codes(open), open::prettify);
        assertEquals(callsWhenOpened, counters().count("GET /nodes/:name"), "an open breaker fails fast");
        assertNotNull(open.getString("data.topic.title"), "other families are not affected");
        assertEquals("CLOSED", breaker("topics"));

        behaviour().faultRate(0); // the upstream recovers
        Thread.sleep(1200); // past the breaker's delay: half-open, trial calls go through
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "{ node(name: \"programmer\") { name } }")));
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "{ node(name: \"python\") { name } }")));
        assertEquals("CLOSED", breaker("nodes"));
    }

    @Test
    void halfTheCallsFailingUnderLoadNeverMakesA5xx() throws Exception {
        // Half the topics were read before the trouble (and have gone stale since); half never were.
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<Long> ids = data().topicIds();
        for (int i = 0; i < 24; i++) {
            (i % 2 == 0 ? known : unknown).add(String.valueOf(ids.get(i)));
        }
        for (String id : known) {
            Gql.query(TOKEN_ALICE, "{ topic(id: \"" + id + "\") { title replies { items { id } } } }");
        }
        Thread.sleep(3300); // replies: past TTL and stale-while-revalidate, within stale-if-error

        Set<String> allowed = Set.of("UPSTREAM_UNAVAILABLE", "RATE_LIMITED");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (FaultKind kind : List.of(FaultKind.HTTP_500, FaultKind.RESET, FaultKind.HANG, FaultKind.SLOW)) {
                behaviour().faultKind(kind).slowDelay(Duration.ofMillis(300)).faultRate(0.5);
                List<CompletableFuture<Void>> load = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    String id = (i % 2 == 0 ? known : unknown).get(i % known.size());
                    boolean wasRead = i % 2 == 0;
                    load.add(CompletableFuture.runAsync(() -> {
                        Response http = given().header("Authorization", "Bearer " + TOKEN_ALICE)
                                .contentType("application/json")
                                .body(Map.of("query", "{ topic(id: \"" + id + "\") { replies { items { id } } } }"))
                                .post("/graphql");
                        assertTrue(http.statusCode() < 500, kind + ": HTTP " + http.statusCode());
                        JsonPath r = http.jsonPath();
                        List<String> codes = Gql.codes(r);
                        if (wasRead) {
                            assertNull(r.get("errors"), kind + ": stale data exists for " + id + ": " + r.prettify());
                        } else if (codes != null) {
                            assertTrue(allowed.containsAll(codes), kind + ": " + codes);
                        }
                    }, pool));
                }
                CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A family's breaker state, as the readiness check reports it. */
    private static String breaker(String family) {
        return Service.upstreamCheck().getString("data.'breaker." + family + "'");
    }
}
