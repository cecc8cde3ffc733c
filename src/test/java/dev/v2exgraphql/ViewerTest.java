package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.CallCounters.RecordedCall;
import dev.v2exgraphql.demo.DemoData;
import dev.v2exgraphql.demo.Fixtures;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class ViewerTest extends FakeUpstreamTest {

    private static final String VIEWER = "{ viewer { member { id username url avatar bio location createdAt } "
            + "token { maskedToken scope expiresInSeconds lifetimeSeconds expiresAt goodForDays totalUsed lastUsedAt createdAt } } }";

    @Test
    void viewerIsTheTokensOwnerWithAMaskedToken() {
        JsonObject member = data().member("alice").orElseThrow();
        JsonObject token = data().tokenInfo(TOKEN_ALICE).orElseThrow();

        JsonPath r = Gql.query(TOKEN_ALICE, VIEWER);

        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals("alice", r.getString("data.viewer.member.username"));
        assertEquals(String.valueOf(member.getLong("id")), r.getString("data.viewer.member.id"));
        assertEquals(DemoData.SITE + "/member/alice", r.getString("data.viewer.member.url"));
        assertEquals("EVERYTHING", r.getString("data.viewer.token.scope"));
        assertEquals(token.getInteger("expiration"), r.getInt("data.viewer.token.lifetimeSeconds"));
        assertEquals(Instant.ofEpochSecond(token.getLong("created") + token.getLong("expiration")).toString(),
                r.getString("data.viewer.token.expiresAt"));
        // The upstream counts every use, this query's own calls included.
        int totalUsed = r.getInt("data.viewer.token.totalUsed");
        assertTrue(totalUsed > token.getInteger("total_used"), "totalUsed " + totalUsed);
        assertTrue(totalUsed <= data().tokenInfo(TOKEN_ALICE).orElseThrow().getInteger("total_used"));
        String masked = r.getString("data.viewer.token.maskedToken");
        assertFalse(masked.contains(TOKEN_ALICE), masked);
        assertTrue(masked.length() < TOKEN_ALICE.length(), masked);
        assertEquals(1, counters().count("GET /member"));
        assertEquals(1, counters().count("GET /token"));
    }

    @Test
    void everyUpstreamCallCarriesTheCallersTokenAndUserAgent() {
        Gql.query(TOKEN_ALICE, VIEWER);
        assertFalse(counters().calls().isEmpty());
        for (RecordedCall call : counters().calls()) {
            assertEquals(TOKEN_ALICE, call.token(), call.toString());
            assertTrue(call.userAgent().startsWith("v2ex-graphql/"), call.userAgent());
        }
    }

    @Test
    void notificationsArePagedHonestlyWithAbsoluteLinks() {
        List<JsonObject> all = data().notificationsOf(TOKEN_ALICE);
        String query = "query($p: Int) { viewer { notifications(page: $p) { items { id text payload payloadRendered createdAt actor { username url } } "
                + "pageInfo { page perPage totalItems totalPages hasNextPage hasPreviousPage } } } }";

        JsonPath first = Gql.query(TOKEN_ALICE, query, Map.of("p", 1));
        assertTrue(Gql.noErrors(first), () -> first.prettify());
        assertEquals(10, first.getList("data.viewer.notifications.items").size());
        assertEquals(String.valueOf(all.get(0).getLong("id")), first.getString("data.viewer.notifications.items[0].id"));
        assertEquals(all.get(0).getJsonObject("member").getString("username"),
                first.getString("data.viewer.notifications.items[0].actor.username"));
        int pages = (all.size() + 9) / 10;
        assertEquals(Map.of("page", 1, "perPage", 10, "totalItems", all.size(), "totalPages", pages,
                "hasNextPage", pages > 1, "hasPreviousPage", false), first.getMap("data.viewer.notifications.pageInfo"));
        for (String text : first.<String> getList("data.viewer.notifications.items.text")) {
            assertFalse(text.contains("href=\"/"), text);
        }
        // The upstream's payload is a string, an object or null; we always answer text or null.
        List<Object> payloads = new ArrayList<>(first.getList("data.viewer.notifications.items.payload"));
        for (int i = 0; i < payloads.size(); i++) {
            Object upstream = all.get(i).getValue("payload");
            Object ours = payloads.get(i);
            if (upstream == null) {
                assertNull(ours);
            } else {
                assertTrue(ours instanceof String, String.valueOf(ours));
            }
        }

        JsonPath past = Gql.query(TOKEN_ALICE, query, Map.of("p", pages + 1));
        assertEquals(List.of(), past.getList("data.viewer.notifications.items"));
        assertFalse(past.getBoolean("data.viewer.notifications.pageInfo.hasNextPage"));
    }

    @Test
    void noTokenIsUnauthenticatedWithoutUpstreamCall() {
        JsonPath r = Gql.query(null, "{ viewer { member { username } } }");
        assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(r));
        assertNull(r.get("data.viewer"));
        JsonPath topic = Gql.query(null, "{ topic(id: \"1000\") { title } }");
        assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(topic));
        assertEquals(0, counters().total());
    }

    @Test
    void badAuthorizationHeadersAreUnauthenticated() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer two words", "Bearer <script>")) {
            JsonPath r = io.restassured.RestAssured.given().contentType("application/json")
                    .header("Authorization", header)
                    .body(Map.of("query", "{ viewer { member { username } } }"))
                    .post("/graphql").then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(r), header);
        }
        assertEquals(0, counters().total());
    }

    @Test
    void invalidAndExpiredTokensAreUnauthenticated() {
        for (String token : List.of("not-a-real-token", Fixtures.TOKEN_EXPIRED, Fixtures.TOKEN_EXPIRED_QUIRK)) {
            JsonPath r = Gql.query(token, "{ viewer { member { username } } }");
            assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(r), token);
            assertFalse(r.getString("errors[0].message").contains(token), "the token never appears in errors");
        }
        JsonPath expired = Gql.query(Fixtures.TOKEN_EXPIRED_QUIRK, "{ viewer { member { username } } }");
        assertEquals("The token has expired", expired.getString("errors[0].message"));
    }

    @Test
    void concurrentCallersEachSeeOnlyTheirOwnDataAndSendOnlyTheirOwnToken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> rounds = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String token = i % 2 == 0 ? TOKEN_ALICE : TOKEN_BOB;
                rounds.add(CompletableFuture.runAsync(() -> {
                    JsonPath r = Gql.query(token, "{ viewer { member { username } notifications { items { id } } } }");
                    assertTrue(Gql.noErrors(r), () -> r.prettify());
                    assertEquals(data().usernameOf(token), r.getString("data.viewer.member.username"));
                    List<String> expected = data().notificationsOf(token).stream().limit(10)
                            .map(n -> String.valueOf(n.getLong("id"))).toList();
                    assertEquals(expected, r.getList("data.viewer.notifications.items.id"));
                }, pool));
            }
            CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }
        // 40 requests, but private data is cached per token and concurrent misses coalesce: one
        // member and one notifications call per token, each carrying only its own caller's token.
        assertEquals(4, counters().total());
        assertEquals(2, counters().countByToken(TOKEN_ALICE));
        assertEquals(2, counters().countByToken(TOKEN_BOB));
        for (RecordedCall call : counters().calls()) {
            assertNotNull(call.token());
        }
    }
}
