package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class UpstreamErrorsTest extends FakeUpstreamTest {

    private static final String QUERY = "{ node(name: \"python\") { name } }";

    @ParameterizedTest
    @EnumSource(value = FaultKind.class, names = { "HTTP_500", "HANG", "RESET", "HTML_403", "NON_JSON_200", "REDIRECT" })
    void upstreamTroubleIsUpstreamUnavailable(FaultKind kind) {
        behaviour().faultKind(kind).faultRate(1.0);
        JsonPath r = Gql.query(TOKEN_ALICE, QUERY);
        assertEquals(List.of("UPSTREAM_UNAVAILABLE"), Gql.codes(r), r::prettify);
        assertNull(r.get("data.node"));
        assertClean(r);
        assertEquals(0, counters().redirectTargetHits(), "redirects are never followed");
    }

    @Test
    void failureEnvelopeWithHttp200IsAFailure() {
        behaviour().faultKind(FaultKind.SUCCESS_FALSE_200).faultRate(1.0);
        JsonPath r = Gql.query(TOKEN_ALICE, QUERY);
        assertEquals(1, Gql.codes(r).size());
        assertNull(r.get("data.node"));
        assertClean(r);
    }

    @Test
    void slowButInTimeIsFine() {
        behaviour().faultKind(FaultKind.SLOW).slowDelay(Duration.ofMillis(300)).faultRate(1.0);
        JsonPath r = Gql.query(TOKEN_ALICE, QUERY);
        assertTrue(Gql.noErrors(r), r::prettify);
        assertEquals("python", r.getString("data.node.name"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 429, 403 })
    void spentQuotaIsRateLimitedWithRetryAfter(int status) {
        behaviour().exhaustedStatus(status).rateLimit(0); // spent by others behind the same IP

        JsonPath r = Gql.query(TOKEN_ALICE, QUERY);
        assertEquals(List.of("RATE_LIMITED"), Gql.codes(r), r::prettify);
        int retryAfter = r.getInt("errors[0].extensions.retryAfter");
        long window = behaviour().rateWindow().toSeconds();
        assertTrue(retryAfter > 0 && retryAfter <= window + 1, "retryAfter " + retryAfter); // +1: whole seconds
        assertTrue(r.getString("errors[0].message").contains(retryAfter + " s"), r.getString("errors[0].message"));
        assertEquals("QUOTA_SPENT", r.getString("errors[0].extensions.reason"));
        assertClean(r);

        // The refusal closed the budget until the reset: nothing more goes upstream, not even private reads.
        JsonPath again = Gql.query(TOKEN_ALICE, "{ node(name: \"qna\") { name } viewer { member { username } } }");
        assertEquals(List.of("RATE_LIMITED", "RATE_LIMITED"), Gql.codes(again), again::prettify);
        assertEquals(1, counters().total());
    }

    @Test
    void aFailingFieldLeavesItsSiblingsIntact() {
        behaviour().faultKind(FaultKind.HTTP_500).faultOnly("GET /member").faultRate(1.0);
        JsonPath r = Gql.query(TOKEN_ALICE, "{ node(name: \"python\") { name } viewer { member { username } } }");
        assertEquals("python", r.getString("data.node.name"));
        assertNull(r.get("data.viewer"));
        assertEquals(List.of("UPSTREAM_UNAVAILABLE"), Gql.codes(r));
        assertEquals(List.of("viewer", "member"), r.getList("errors[0].path"));
    }

    @Test
    void unreachableUpstreamIsUnavailable() {
        behaviour().faultKind(FaultKind.RESET).faultRate(1.0);
        JsonPath r = Gql.query(TOKEN_ALICE, "{ topic(id: \"1000\") { title } viewer { token { scope } } }");
        assertEquals(List.of("UPSTREAM_UNAVAILABLE", "UPSTREAM_UNAVAILABLE"), Gql.codes(r));
        assertClean(r);
    }

    @Test
    void syntaxAndValidationErrorsCarryACode() {
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(Gql.query(TOKEN_ALICE, "{ topic(id: \"1\") { nope } }")));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(Gql.query(TOKEN_ALICE, "{ topic(id: ")));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(Gql.query(TOKEN_ALICE, "{ topic { id } }")));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(Gql.query(TOKEN_ALICE,
                "query($p: Int) { node(name: \"python\") { topics(page: $p) { items { id } } } }", Map.of("p", "two"))));
        assertEquals(0, counters().count("GET /nodes/:name/topics"));
    }

    @Test
    void malformedRequestsAreRejectedWithACode() {
        for (String body : List.of("{not json", "[]", "{}", "{\"query\": 42}", "{\"query\": \"  \"}")) {
            JsonPath r = given().contentType("application/json").body(body).post("/graphql")
                    .then().statusCode(400).extract().jsonPath();
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r), body);
        }
        // A body over the limit is refused before anything reads it whole (64 KiB in tests).
        String huge = "{\"query\": \"{ node(name: \\\"python\\\") { name } }\", \"pad\": \"" + "x".repeat(100_000) + "\"}";
        given().contentType("application/json").body(huge).post("/graphql").then().statusCode(413);
        JsonPath syntax = given().queryParam("query", "{ node(name: ").get("/graphql")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(syntax));
        assertTrue(syntax.getString("errors[0].message").startsWith("Syntax error"), syntax::prettify);
        assertEquals(0, counters().total());
    }

    /** No stack trace, exception class, internal package or upstream wording ever reaches a client. */
    private static void assertClean(JsonPath response) {
        String body = response.prettify();
        for (String leak : List.of("Exception", "dev.v2exgraphql", "io.vertx", "\tat ", "Something went wrong",
                "<html", "Only the author", TOKEN_ALICE)) {
            assertFalse(body.contains(leak), "leaked '" + leak + "' in " + body);
        }
        Map<String, Object> extensions = response.getMap("errors[0].extensions");
        assertTrue(Set.of("code", "retryAfter", "reason").containsAll(extensions.keySet()), extensions.toString());
    }
}
