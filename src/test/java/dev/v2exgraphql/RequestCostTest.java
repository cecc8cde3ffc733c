package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

/** A request that could cost more upstream calls than one request may is refused before any call. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class RequestCostTest extends FakeUpstreamTest {

    @Test
    void thirtyAliasesOfFiftyTopicsAreRefusedWithoutAnUpstreamCall() {
        String ids = ids(1000, 50);
        String query = "{ " + IntStream.range(0, 30).mapToObj(i -> "a" + i + ": topics(ids: [" + ids + "]) { title }")
                .collect(Collectors.joining(" ")) + " }";
        double refusedBefore = Scrape.now().sum("v2ex_budget_refusals_total", "reason", "too_expensive");
        JsonPath r = Gql.query(TOKEN_ALICE, query);
        assertEquals(List.of("QUERY_TOO_EXPENSIVE"), Gql.codes(r), r::prettify);
        assertEquals(refusedBefore + 1, Scrape.now().sum("v2ex_budget_refusals_total", "reason", "too_expensive"));
        assertEquals(1500, r.getInt("errors[0].extensions.cost"));
        assertEquals(maxCost(), r.getInt("errors[0].extensions.maxCost"));
        assertTrue(r.getString("errors[0].message").contains("up to 1500 upstream calls"), r.getString("errors[0].message"));
        assertNull(r.get("data"), "nothing ran");
        assertEquals(0, counters().total());

        // Another user is served as usual afterwards.
        assertTrue(Gql.noErrors(Gql.query("demo-token-bob", "{ topic(id: \"1000\") { title } }")));
    }

    @Test
    void aRequestAtTheLimitRunsAndOneCallMoreDoesNot() {
        int half = maxCost() / 2;
        String atTheLimit = "{ a: topics(ids: [" + ids(1000, half) + "]) { id } b: topics(ids: [" + ids(2000, half) + "]) { id } }";
        JsonPath ok = Gql.query(TOKEN_ALICE, atTheLimit);
        assertTrue(Gql.noErrors(ok), ok::prettify);

        counters().reset();
        String query = "query($a: [ID!]!, $b: [ID!]!) { a: topics(ids: $a) { id } b: topics(ids: $b) { id } }";
        JsonPath over = Gql.query(TOKEN_ALICE, query, Map.of("a", idList(3000, half), "b", idList(4000, half + 1)));
        assertEquals(List.of("QUERY_TOO_EXPENSIVE"), Gql.codes(over), over::prettify);
        assertEquals(maxCost() + 1, over.getInt("errors[0].extensions.cost"));
        assertEquals(0, counters().total());
    }

    @Test
    void aRefusalIsARequestErrorInTheGraphqlResponseMediaType() {
        String ids = ids(1000, 40);
        given().contentType("application/json").accept("application/graphql-response+json")
                .header("Authorization", "Bearer " + TOKEN_ALICE)
                .body(Map.of("query", "{ a: topics(ids: [" + ids + "]) { id } b: topics(ids: [" + ids(5000, 40) + "]) { id } }"))
                .post("/graphql")
                .then().statusCode(400)
                .header("Content-Type", "application/graphql-response+json; charset=utf-8")
                .header("Cache-Control", "private, no-store");
        assertEquals(0, counters().total());
    }

    private static int maxCost() {
        return Service.settings().quota().maxRequestCost();
    }

    private static String ids(int from, int count) {
        return idList(from, count).stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "));
    }

    private static List<String> idList(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(String::valueOf).toList();
    }
}
