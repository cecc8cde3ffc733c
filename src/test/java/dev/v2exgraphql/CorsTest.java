package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Cross-origin access only for the origins listed in {@code quarkus.http.cors.origins} (the tests
 * list one, https://app.example.test; by default none is listed). A browser on another origin gets
 * no CORS headers on its preflight, so it never sends the request, and its requests are refused.
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class CorsTest extends FakeUpstreamTest {

    private static final String ALLOWED = "https://app.example.test";
    private static final String OTHER = "https://evil.example";

    @Test
    void anAllowedOriginGetsThePreflightHeaders() {
        given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/graphql")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"));
    }

    @Test
    void anAllowedOriginCanQuery() {
        given().header("Origin", ALLOWED).header("Authorization", "Bearer " + TOKEN_ALICE)
                .contentType(ContentType.JSON).body(Map.of("query", "{ node(name: \"python\") { name } }"))
                .post("/graphql")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .body("data.node.name", equalTo("python"));
    }

    @Test
    void sameOriginRequestsWork() {
        // GraphiQL, served by the service itself, sends its own origin.
        given().header("Origin", "http://localhost:" + RestAssured.port).header("Authorization", "Bearer " + TOKEN_ALICE)
                .contentType(ContentType.JSON).body(Map.of("query", "{ node(name: \"python\") { name } }"))
                .post("/graphql")
                .then().statusCode(200)
                .body("data.node.name", equalTo("python"));
    }

    @Test
    void anotherOriginGetsNoPreflightHeaders() {
        given().header("Origin", OTHER)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/graphql")
                .then()
                // Without Allow-Origin the browser fails the preflight (Quarkus still echoes the asked
                // methods and headers, which grant nothing on their own).
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void anotherOriginsRequestIsRefusedBeforeAnyUpstreamCall() {
        given().header("Origin", OTHER).header("Authorization", "Bearer " + TOKEN_ALICE)
                .contentType(ContentType.JSON).body(Map.of("query", "{ node(name: \"python\") { name } }"))
                .post("/graphql")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        assertEquals(0, counters().total());
    }
}
