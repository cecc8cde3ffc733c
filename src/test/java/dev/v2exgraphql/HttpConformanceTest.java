package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.CallCounters;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Scrape;
import dev.v2exgraphql.v2ex.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.Json;

/**
 * GraphQL over HTTP (https://graphql.github.io/graphql-over-http/): methods, media types and status
 * codes, as a client sees them. CI also runs the graphql-http audit against the packaged service.
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class HttpConformanceTest extends FakeUpstreamTest {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8";
    private static final String TOPIC = "{ topic(id: \"1000\") { title } }";
    private static final String STICKY = "mutation { setTopicSticky(topicId: \"1000\") { topicId } }";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theAnswersMediaTypeFollowsAccept() {
        // No Accept, a wildcard, or application/json: application/json (what every client understands).
        for (String accept : new String[] { null, "*/*", "application/*", "application/json",
                "text/html,application/xhtml+xml,*/*;q=0.8",
                "application/json, application/graphql-response+json" }) {
            Answer r = post(accept, Map.of("query", "{ __typename }"));
            assertEquals(200, r.statusCode(), String.valueOf(accept));
            assertEquals(JSON, r.contentType(), String.valueOf(accept));
            assertEquals("Query", r.jsonPath().getString("data.__typename"));
        }
        for (String accept : new String[] { "application/graphql-response+json",
                "application/graphql-response+json, application/json;q=0.9",
                "application/json;q=0.5, application/graphql-response+json",
                "application/json;q=0, */*" }) {
            Answer r = post(accept, Map.of("query", "{ __typename }"));
            assertEquals(200, r.statusCode(), accept);
            assertEquals(GRAPHQL_RESPONSE, r.contentType(), accept);
        }
        // Neither type acceptable (or only in a charset other than UTF-8): 406.
        for (String accept : new String[] { "text/html", "application/xml, text/*", "application/json;q=0",
                "application/json; charset=iso-8859-1" }) {
            Answer r = post(accept, Map.of("query", "{ __typename }"));
            assertEquals(406, r.statusCode(), accept);
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r.jsonPath()));
        }
        assertEquals("Accept", post(null, Map.of("query", "{ __typename }")).vary());
    }

    @Test
    void requestErrorsAre200WithJsonAnd400WithGraphqlResponseJson() {
        List<Map<String, Object>> failingBeforeExecution = List.of(
                Map.of("query", "{ topic(id: "), // syntax
                Map.of("query", "{ topic(id: \"1000\") { nope } }"), // validation
                Map.of("query", "query($id: ID!) { topic(id: $id) { title } }", "variables", Map.of()), // coercion
                Map.of("query", TOPIC, "operationName", "Missing")); // no such operation
        for (Map<String, Object> body : failingBeforeExecution) {
            Answer json = post("application/json", body);
            assertEquals(200, json.statusCode(), body.toString());
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(json.jsonPath()), body.toString());

            Answer graphql = post("application/graphql-response+json", body);
            assertEquals(400, graphql.statusCode(), body.toString());
            assertEquals(GRAPHQL_RESPONSE, graphql.contentType());
            assertFalse(graphql.jsonPath().getMap("").containsKey("data"), "no data entry: " + graphql.asString());
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(graphql.jsonPath()), body.toString());
        }
        assertEquals(0, counters().total(), "nothing ran");

        // A field error is an execution result with data: 200 with either media type.
        Answer fieldError = post("application/graphql-response+json", Map.of("query", "{ topic(id: \"abc\") { title } }"));
        assertEquals(200, fieldError.statusCode());
        assertTrue(fieldError.jsonPath().getMap("").containsKey("data"), fieldError.asString());
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(fieldError.jsonPath()));
    }

    @Test
    void mutationsOverGetAre405AndNeverRun() {
        Response r = get(Map.of("query", STICKY));
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.header("Allow"));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r.jsonPath()));

        // The operation the request selects decides, not the other operations in the document.
        String both = "query Read { topic(id: \"1000\") { title } } " + STICKY.replace("mutation", "mutation Pin");
        assertEquals(405, get(Map.of("query", both, "operationName", "Pin")).statusCode());
        assertEquals(0, counters().total(), "the mutation was not sent upstream");

        Response read = get(Map.of("query", both, "operationName", "Read"));
        assertEquals(200, read.statusCode(), read.asString());
        assertEquals(data().topicDetail(1000).orElseThrow().getString("title"), read.jsonPath().getString("data.topic.title"));
        assertEquals(0, counters().count(CallCounters.key(Endpoint.SET_STICKY)));

        Gql.query(TOKEN_ALICE, STICKY);
        assertEquals(1, counters().count(CallCounters.key(Endpoint.SET_STICKY)), "the same mutation by POST is sent");
    }

    @Test
    void getCarriesOperationNameAndVariables() {
        String document = "query One { node(name: \"python\") { name } } "
                + "query Two($id: ID!) { topic(id: $id) { id } }";
        JsonPath r = get(Map.of("query", document, "operationName", "Two", "variables", "{\"id\": \"1003\"}"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals("1003", r.getString("data.topic.id"), r::prettify);
        assertNull(r.get("data.node"));
        // A query string is decoded once: '+' and '%' inside the query survive.
        JsonPath literal = get(Map.of("query", "{ topic(id: \"10%2B0\") { id } }")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(literal));
        assertTrue(literal.getString("errors[0].message").contains("10%2B0"), literal::prettify);
    }

    @Test
    void postBodiesMustBeJson() {
        for (String type : new String[] { null, "text/plain", "application/graphql", "application/x-www-form-urlencoded",
                "application/json; charset=iso-8859-1" }) {
            Answer r = send(type, null, "{\"query\": \"{ __typename }\"}");
            assertEquals(415, r.statusCode(), String.valueOf(type));
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r.jsonPath()));
        }
        assertEquals(200, send("application/json; charset=UTF-8", null, "{\"query\": \"{ __typename }\"}").statusCode());
    }

    @Test
    void otherMethodsAre405() {
        for (String method : new String[] { "PUT", "DELETE", "PATCH" }) {
            Response r = given().contentType("application/json").body("{\"query\": \"{ __typename }\"}")
                    .request(method, "/graphql");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, POST", r.header("Allow"), method);
        }
        assertEquals("GET, POST, OPTIONS", given().options("/graphql").then().statusCode(204).extract().header("Allow"));
    }

    @Test
    void parametersOfTheWrongTypeAre400() {
        for (String body : new String[] { "{\"query\": \"{ __typename }\", \"operationName\": 1}",
                "{\"query\": \"{ __typename }\", \"variables\": \"{}\"}",
                "{\"query\": \"{ __typename }\", \"variables\": []}",
                "{\"query\": \"{ __typename }\", \"extensions\": false}",
                "{\"query\": [\"{ __typename }\"]}" }) {
            Response r = given().contentType("application/json").body(body).post("/graphql");
            assertEquals(400, r.statusCode(), body);
            assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r.jsonPath()), body);
        }
        for (String variables : new String[] { "{not json", "[1]", "\"text\"" }) {
            Response r = given().queryParam("query", "{ __typename }").queryParam("variables", variables).get("/graphql");
            assertEquals(400, r.statusCode(), variables);
        }
        // null stands for absent
        Response nulls = given().contentType("application/json")
                .body("{\"query\": \"{ __typename }\", \"operationName\": null, \"variables\": null, \"extensions\": null}")
                .post("/graphql");
        assertEquals(200, nulls.statusCode());
        assertTrue(Gql.noErrors(nulls.jsonPath()), nulls.asString());
    }

    @Test
    void keptAnswersAreServedInTheMediaTypeAsked() {
        Response first = get(Map.of("query", TOPIC));
        assertEquals(JSON, first.contentType());
        double hits = Scrape.responseCacheHits();
        Response again = given().header("Authorization", "Bearer " + TOKEN_ALICE)
                .header("Accept", "application/graphql-response+json").queryParam("query", TOPIC).get("/graphql");
        assertEquals(hits + 1, Scrape.responseCacheHits(), "served from the response cache");
        assertEquals(200, again.statusCode());
        assertEquals(GRAPHQL_RESPONSE, again.contentType());
        assertEquals(first.jsonPath().getMap("data"), again.jsonPath().getMap("data"));
        assertNotNull(again.header("Cache-Control"));
        assertTrue(again.header("Cache-Control").startsWith("public, max-age="), again.header("Cache-Control"));
        assertEquals("Accept", again.header("Vary"));
    }

    private static Answer post(String accept, Map<String, Object> body) {
        return send("application/json", accept, Json.encode(body));
    }

    /** A POST with exactly these headers (RestAssured adds Accept and Content-Type of its own when there is none). */
    private static Answer send(String contentType, String accept, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/graphql"))
                .header("Authorization", "Bearer " + TOKEN_ALICE)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Vary").orElse(null), new JsonPath(response.body()), response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int statusCode, String contentType, String vary, JsonPath jsonPath, String asString) {
    }

    private static Response get(Map<String, String> parameters) {
        return given().header("Authorization", "Bearer " + TOKEN_ALICE).queryParams(parameters).get("/graphql");
    }
}
