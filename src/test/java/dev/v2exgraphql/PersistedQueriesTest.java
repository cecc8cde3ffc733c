package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.CallCounters;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Scrape;
import dev.v2exgraphql.support.Service;
import dev.v2exgraphql.v2ex.Endpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.Json;

/** Automatic Persisted Queries (Apollo's protocol) through the HTTP endpoint, GET and POST. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class PersistedQueriesTest extends FakeUpstreamTest {

    @Test
    void unknownHashThenRegisterThenHitByGetAndPost() {
        String query = unique("{ topic(id: \"1000\") { title author { username } } }");
        String hash = sha256(query);

        JsonPath notFound = getByHash(TOKEN_ALICE, hash, null, null).then().statusCode(200).extract().jsonPath();
        assertEquals("PersistedQueryNotFound", notFound.getString("errors[0].message"));
        assertEquals(List.of("PERSISTED_QUERY_NOT_FOUND"), Gql.codes(notFound));
        assertEquals(0, counters().total());
        assertEquals(List.of("PERSISTED_QUERY_NOT_FOUND"),
                Gql.codes(postByHash(TOKEN_ALICE, hash, null).then().statusCode(200).extract().jsonPath()));

        JsonPath registered = post(TOKEN_ALICE, body(query, hash, null, null)).then().statusCode(200).extract().jsonPath();
        String title = data().topicDetail(1000).orElseThrow().getString("title");
        assertEquals(title, registered.getString("data.topic.title"), registered::prettify);
        assertEquals(1, counters().countPath("GET", "/topics/1000"));

        JsonPath byGet = getByHash(TOKEN_BOB, hash, null, null).then().statusCode(200).extract().jsonPath();
        assertEquals(registered.getMap("data"), byGet.getMap("data"));
        JsonPath byPost = postByHash(TOKEN_BOB, hash, null).then().statusCode(200).extract().jsonPath();
        assertEquals(registered.getMap("data"), byPost.getMap("data"));
        assertEquals(1, counters().countPath("GET", "/topics/1000"), "the data came from the cache");
    }

    @Test
    void aHashThatIsNotTheQuerysIsRefusedAndNotStored() {
        String query = unique("{ topic(id: \"1000\") { title } }");
        String other = sha256(query + " ");
        Response r = post(TOKEN_ALICE, body(query, other, null, null));
        assertEquals(400, r.statusCode());
        assertEquals("provided sha does not match query", r.jsonPath().getString("errors[0].message"));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(r.jsonPath()));
        assertEquals(0, counters().total(), "nothing ran");
        assertEquals(List.of("PERSISTED_QUERY_NOT_FOUND"), Gql.codes(postByHash(TOKEN_ALICE, other, null).jsonPath()));

        // Malformed extensions are 400 as well.
        Map<String, Object> badVersion = body(query, sha256(query), null, null);
        badVersion.put("extensions", Map.of("persistedQuery", Map.of("version", 2, "sha256Hash", sha256(query))));
        assertEquals(400, post(TOKEN_ALICE, badVersion).statusCode());
        Map<String, Object> badHash = body(query, "abc", null, null);
        assertEquals(400, post(TOKEN_ALICE, badHash).statusCode());
    }

    @Test
    void aRegisteredHashIsReadFromRedisAfterTheInProcessTierIsGone() {
        String query = unique("{ node(name: \"python\") { title } }");
        String hash = sha256(query);
        post(TOKEN_ALICE, body(query, hash, null, null)).then().statusCode(200);
        String reply = redis().command("GET", Service.settings().cache().keyPrefix() + ":apq:" + hash); // "$<length>\r\n<value>"
        assertEquals(query, reply.substring(reply.indexOf("\r\n") + 2), "stored in Redis");
        String ttl = redis().command("PTTL", Service.settings().cache().keyPrefix() + ":apq:" + hash).replace(":", "");
        assertTrue(Long.parseLong(ttl) > 0 && Long.parseLong(ttl) <= Service.settings().apq().ttl().toMillis(), ttl);

        Service.clearLocalCache(); // the in-process hashes, and the response cache, so the query really runs again
        JsonPath again = getByHash(TOKEN_ALICE, hash, null, null).then().statusCode(200).extract().jsonPath();
        assertEquals(data().node("python").orElseThrow().getString("title"), again.getString("data.node.title"),
                again::prettify);

        // Gone from both tiers (and the answer from the response cache): not found, and a client
        // would register it once more.
        Service.clearLocalCache();
        redis().flushAll();
        assertEquals(List.of("PERSISTED_QUERY_NOT_FOUND"), Gql.codes(getByHash(TOKEN_ALICE, hash, null, null).jsonPath()));
    }

    @Test
    void aGetByHashIsCacheableAndServedByTheAnswerCache() {
        String query = unique("{ topic(id: \"1000\") { title } }");
        String hash = sha256(query);
        post(TOKEN_ALICE, body(query, hash, null, null)).then().statusCode(200);
        int calls = counters().total();

        Response first = getByHash(TOKEN_ALICE, hash, null, null);
        Matcher m = Pattern.compile("public, max-age=(\\d+)").matcher(first.header("Cache-Control"));
        assertTrue(m.matches(), first.header("Cache-Control"));
        assertTrue(Long.parseLong(m.group(1)) <= Service.settings().cache().ttl().topic().toSeconds());
        // The same GET with the query itself says the same.
        Response withQuery = given().header("Authorization", "Bearer " + TOKEN_ALICE).queryParam("query", query)
                .get("/graphql");
        assertTrue(withQuery.header("Cache-Control").startsWith("public, max-age="), withQuery.header("Cache-Control"));

        double hits = Scrape.responseCacheHits();
        Response second = getByHash(TOKEN_BOB, hash, null, null);
        assertEquals(hits + 1, Scrape.responseCacheHits(), "answered from the response cache");
        assertEquals(first.jsonPath().getMap("data"), second.jsonPath().getMap("data"));
        assertTrue(second.header("Cache-Control").startsWith("public, max-age="), second.header("Cache-Control"));
        assertEquals(calls, counters().total(), "no upstream call after the registration");
    }

    @Test
    void operationNameAndVariablesWorkWithAHash() {
        String query = unique("query Node($n: String!) { node(name: $n) { name } } query Topic($id: ID!) { topic(id: $id) { id } }");
        String hash = sha256(query);
        post(TOKEN_ALICE, body(query, hash, "Topic", Map.of("id", "1003"))).then().statusCode(200);

        JsonPath topic = getByHash(TOKEN_ALICE, hash, "Topic", "{\"id\": \"1001\"}").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("1001", topic.getString("data.topic.id"), topic::prettify);
        JsonPath node = postByHash(TOKEN_ALICE, hash, Map.of("operationName", "Node", "variables", Map.of("n", "apple")))
                .then().statusCode(200).extract().jsonPath();
        assertEquals("apple", node.getString("data.node.name"), node::prettify);
    }

    @Test
    void aPersistedMutationRunsByPostButNeverByGet() {
        String mutation = unique("mutation { setTopicSticky(topicId: \"1000\") { topicId } }");
        String hash = sha256(mutation);
        post(TOKEN_ALICE, body(mutation, hash, null, null)).then().statusCode(200);
        assertEquals(1, counters().count(CallCounters.key(Endpoint.SET_STICKY)));

        Response byGet = getByHash(TOKEN_ALICE, hash, null, null);
        assertEquals(405, byGet.statusCode());
        assertEquals("POST", byGet.header("Allow"));
        assertEquals(1, counters().count(CallCounters.key(Endpoint.SET_STICKY)), "not sent by GET");

        postByHash(TOKEN_ALICE, hash, null).then().statusCode(200);
        assertEquals(2, counters().count(CallCounters.key(Endpoint.SET_STICKY)));
    }

    @Test
    void queriesLongerThanTheLimitRunButAreNotKept() {
        String padding = "#" + "x".repeat(Service.settings().apq().maxQueryChars()) + "\n";
        String query = unique(padding + "{ node(name: \"python\") { name } }");
        String hash = sha256(query);
        JsonPath r = post(TOKEN_ALICE, body(query, hash, null, null)).then().statusCode(200).extract().jsonPath();
        assertEquals("python", r.getString("data.node.name"));
        assertEquals(List.of("PERSISTED_QUERY_NOT_FOUND"), Gql.codes(postByHash(TOKEN_ALICE, hash, null).jsonPath()));
        assertEquals(":0", redis().command("EXISTS", Service.settings().cache().keyPrefix() + ":apq:" + hash), "not in Redis either");
    }

    /** The store outlives each test; a comment makes every test's query (and hash) its own. */
    private static String unique(String query) {
        return "# " + System.nanoTime() + "\n" + query;
    }

    private static Map<String, Object> body(String query, String hash, String operationName, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (query != null) {
            body.put("query", query);
        }
        if (operationName != null) {
            body.put("operationName", operationName);
        }
        if (variables != null) {
            body.put("variables", variables);
        }
        body.put("extensions", Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
        return body;
    }

    private static Response post(String token, Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                .post("/graphql");
    }

    private static Response postByHash(String token, String hash, Map<String, Object> more) {
        Map<String, Object> body = body(null, hash, null, null);
        if (more != null) {
            body.putAll(more);
        }
        return post(token, body);
    }

    /** What Apollo Client sends with useGETForHashedQueries: no query, the hash in extensions. */
    private static Response getByHash(String token, String hash, String operationName, String variables) {
        var request = given().header("Authorization", "Bearer " + token).queryParam("extensions",
                Json.encode(Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash))));
        if (operationName != null) {
            request = request.queryParam("operationName", operationName);
        }
        if (variables != null) {
            request = request.queryParam("variables", variables);
        }
        return request.get("/graphql");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
