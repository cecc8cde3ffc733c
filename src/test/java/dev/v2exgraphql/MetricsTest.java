package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_CAROL;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Prometheus metrics at /q/metrics, checked against known traffic and the fake's call counters. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class MetricsTest extends FakeUpstreamTest {

    private static final String CALLS = "v2ex_upstream_calls_seconds_count";
    private static final String CACHE = "v2ex_cache_requests_total";
    private static final String OPERATIONS = "v2ex_graphql_operations_seconds_count";

    @Test
    void aColdTopicIsOneUpstreamCallAndThenACacheHit() {
        String query = "{ topic(id: \"1002\") { title } }";
        Scrape before = Scrape.now();
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, query)));
        Scrape cold = Scrape.now();
        assertEquals(1, counters().count("GET /topics/:id"));
        assertEquals(1, counters().total());
        assertEquals(1, delta(before, cold, CALLS, "endpoint", "topic", "family", "topics", "outcome", "ok"));
        assertEquals(1, delta(before, cold, CALLS), "every upstream call is counted once");
        // Looked up more than once on the way (fresh detail? listed item? then the fetch): all misses.
        assertTrue(delta(before, cold, CACHE, "tier", "l1", "kind", "topic", "result", "miss") >= 1);
        assertEquals(delta(before, cold, CACHE, "tier", "l1", "result", "miss"),
                delta(before, cold, CACHE, "tier", "redis", "result", "miss"), "what L1 lacked was asked of Redis");
        assertEquals(0, delta(before, cold, CACHE, "result", "hit"));
        assertEquals(1, delta(before, cold, OPERATIONS, "type", "query", "outcome", "ok"));

        // The same request again: its whole answer is kept, GraphQL does not even run.
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, query)));
        Scrape again = Scrape.now();
        assertEquals(1, counters().total(), "no second upstream call");
        assertEquals(0, delta(cold, again, CALLS));
        assertEquals(1, delta(cold, again, CACHE, "tier", "response", "kind", "graphql", "result", "hit"));
        assertEquals(1, delta(cold, again, OPERATIONS, "type", "query", "outcome", "cached"));
        assertEquals(0, delta(cold, again, OPERATIONS, "outcome", "ok"));

        // Another query over the same topic runs GraphQL, and the in-process tier answers it.
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "{ topic(id: \"1002\") { id title } }")));
        Scrape other = Scrape.now();
        assertEquals(1, counters().total());
        assertEquals(0, delta(again, other, CALLS));
        assertEquals(1, delta(again, other, CACHE, "tier", "l1", "kind", "topic", "result", "hit"));
        assertEquals(0, delta(again, other, CACHE, "tier", "l1", "result", "miss"));
        assertEquals(1, delta(again, other, OPERATIONS, "type", "query", "outcome", "ok"));
    }

    @Test
    void upstreamFailuresAndAnswersHaveTheirOutcome() {
        behaviour().faultKind(FaultKind.HTTP_500).faultOnly("GET /topics/:id").faultRate(1.0);
        Scrape before = Scrape.now();
        JsonPath failed = Gql.query(TOKEN_ALICE, "{ topic(id: \"1003\") { title } }");
        assertEquals(List.of("UPSTREAM_UNAVAILABLE"), Gql.codes(failed));
        Scrape after = Scrape.now();
        assertEquals(3, counters().count("GET /topics/:id"), "one attempt and two retries");
        assertEquals(3, delta(before, after, CALLS, "endpoint", "topic", "outcome", "upstream_error"));
        assertEquals(3, delta(before, after, CALLS), "each attempt counted once, nothing else");
        assertEquals(1, delta(before, after, OPERATIONS, "type", "query", "outcome", "error"));

        behaviour().reset();
        JsonPath missing = Gql.query(TOKEN_ALICE, "{ topic(id: \"999999\") { title } }");
        assertNull(missing.get("data.topic"));
        Scrape afterMissing = Scrape.now();
        assertEquals(1, delta(after, afterMissing, CALLS, "endpoint", "topic", "outcome", "not_found"));

        Gql.query("wrong-token-value-123", "{ viewer { member { username } } }");
        Scrape afterWrongToken = Scrape.now();
        assertEquals(1, delta(afterMissing, afterWrongToken, CALLS, "endpoint", "member", "family", "private",
                "outcome", "unauthenticated"));
    }

    @Test
    void mutationsAndInvalidQueriesAreCountedByTypeAndOutcome() {
        Scrape before = Scrape.now();
        JsonPath created = Gql.query(TOKEN_BOB, "mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }");
        assertNotNull(created.getString("data.createToken.token"));
        Gql.query(TOKEN_ALICE, "{ topic(id: \"not-a-number\") { title } }");
        Scrape after = Scrape.now();
        assertEquals(1, delta(before, after, OPERATIONS, "type", "mutation", "outcome", "ok"));
        assertEquals(1, delta(before, after, CALLS, "endpoint", "create_token", "outcome", "ok"));
        assertEquals(1, delta(before, after, OPERATIONS, "type", "query", "outcome", "error"));
        assertEquals(1, counters().total(), "the invalid id never went upstream");
    }

    @Test
    void quotaGaugesShowTheBudgetTheUpstreamAnnounced() throws InterruptedException {
        assertTrue(Double.isNaN(Scrape.now().value("v2ex_quota_remaining")), "unknown until the first answer");
        behaviour().rateLimit(100);
        Gql.query(TOKEN_ALICE, "{ node(name: \"apple\") { name } }");
        Gql.query(TOKEN_ALICE, "{ node(name: \"qna\") { name } topic(id: \"1004\") { title } }");
        awaitQuiet();
        Scrape scrape = Scrape.now();
        assertEquals(3, counters().total());
        assertEquals(100 - counters().total(), scrape.value("v2ex_quota_remaining"), "what the last answer said");
        assertEquals(100, scrape.value("v2ex_quota_limit"));
        double resetsIn = scrape.value("v2ex_quota_resets_in_seconds");
        assertTrue(resetsIn > 3000 && resetsIn <= 3601, "the fake's window is one hour: " + resetsIn);
    }

    @Test
    void breakerGaugeFollowsTheBreakerAndOpenBreakersCountCallsNotSent() {
        Scrape closed = Scrape.now();
        for (String family : List.of("topics", "nodes", "private")) {
            assertEquals(0, closed.value("v2ex_breaker_state", "family", family), family);
        }
        behaviour().faultKind(FaultKind.HTTP_500).faultOnly("GET /nodes/:name").faultRate(1.0);
        for (String node : List.of("apple", "qna", "jobs", "python")) {
            Gql.query(TOKEN_ALICE, "{ node(name: \"" + node + "\") { name } }");
        }
        Scrape open = Scrape.now();
        assertEquals(2, open.value("v2ex_breaker_state", "family", "nodes"));
        assertEquals(0, open.value("v2ex_breaker_state", "family", "topics"));
        int sent = counters().total();

        Gql.query(TOKEN_ALICE, "{ node(name: \"programmer\") { name } }");
        Scrape refused = Scrape.now();
        assertEquals(sent, counters().total(), "an open breaker sends nothing");
        assertEquals(1, delta(open, refused, CALLS, "endpoint", "node", "outcome", "breaker_open"));
        assertEquals(1, delta(open, refused, CALLS));
    }

    @Test
    void labelValuesAreBoundedAndCarryNoTokenIdOrNodeName() {
        List<String> secrets = new ArrayList<>(List.of(TOKEN_ALICE, TOKEN_BOB, TOKEN_CAROL, "wrong-token-value-123"));
        List<String> names = List.of("python", "apple", "qna", "jobs");
        // Mixed traffic: private and public reads, a mutation, errors, unknown paths, GET queries.
        Gql.query(TOKEN_ALICE, "{ viewer { member { username } token { scope } notifications { items { id } } } }");
        Gql.query(TOKEN_CAROL, "{ viewer { member { username } } }");
        Gql.query("wrong-token-value-123", "{ viewer { member { username } } }");
        secrets.add(Gql.query(TOKEN_BOB, "mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }")
                .getString("data.createToken.token"));
        for (String name : names) {
            Gql.query(TOKEN_ALICE, "{ node(name: \"" + name + "\") { title topics { items { title } } } }");
        }
        Gql.query(TOKEN_BOB, "{ topic(id: \"1000\") { title replies(page: 2) { items { content } } } }");
        given().header("Authorization", "Bearer " + TOKEN_ALICE).queryParam("query", "{ topic(id: \"1001\") { title } }")
                .get("/graphql").then().statusCode(200);
        given().get("/nope/4242").then().statusCode(404);
        given().get("/graphql/4243").then().statusCode(404);

        List<String> ids = new ArrayList<>(List.of("1000", "1001", "4242", "4243"));
        for (int i = 0; i < 5; i++) {
            ids.add(topicQuery(2000 + i));
        }
        int seriesAfterFive = ownSeries(Scrape.now());
        for (int i = 5; i < 50; i++) {
            ids.add(topicQuery(2000 + i));
        }
        Scrape scrape = Scrape.now();
        assertEquals(seriesAfterFive, ownSeries(scrape), "45 more topic ids add no series");

        for (Scrape.Series series : scrape.series()) {
            for (String value : series.labels().values()) {
                for (String secret : secrets) {
                    assertFalse(value.contains(secret), "token in a label: " + series);
                }
                for (String forbidden : names) {
                    assertFalse(value.contains(forbidden), "node name in a label: " + series);
                }
                for (String id : ids) {
                    assertFalse(value.contains(id), "id in a label: " + series);
                }
            }
        }
    }

    /** Queries one topic (most of these ids do not exist: a not_found answer) and returns its id. */
    private static String topicQuery(int id) {
        Gql.query(TOKEN_ALICE, "{ topic(id: \"" + id + "\") { title } }");
        return String.valueOf(id);
    }

    /** Series of this service's own meters and of the HTTP server's: the ones traffic could multiply. */
    private static int ownSeries(Scrape scrape) {
        return (int) scrape.series().stream()
                .filter(s -> s.name().startsWith("v2ex_") || s.name().startsWith("http_server"))
                .count();
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    /** Lets the service take in answers still on their way (their budget headers). */
    private static void awaitQuiet() throws InterruptedException {
        for (int i = 0; i < 100 && counters().inFlightTotal() > 0; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
    }
}
