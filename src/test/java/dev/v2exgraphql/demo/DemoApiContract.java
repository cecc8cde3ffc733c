package dev.v2exgraphql.demo;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_CAROL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the demo upstream answers, driven over real HTTP on a free loopback port with a fresh world
 * per test; expectations come from {@link DemoData}. Run twice: against the demo as the product
 * serves it ({@link DemoApiTest}) and against the tests' fake built on it ({@link FakeV2exServerTest}),
 * whose default gate must answer exactly the same.
 */
abstract class DemoApiContract {

    protected static final String UA = "fake-upstream-test/1.0";
    protected static Vertx vertx;
    protected static HttpClient http;

    /** The world the server under test answers from; tests may read and compare, never need reset it. */
    protected DemoData data;
    /** The API base of the server under test, e.g. http://127.0.0.1:12345/api/v2/. */
    protected String baseUrl;

    /** Starts the server under test on {@code data} at a free loopback port; returns its API base URL. */
    protected abstract String start(DemoData data);

    protected abstract void stop();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void startServer() {
        // A fresh world per test: mutations in one test cannot leak into another.
        data = DemoData.generate();
        baseUrl = start(data);
    }

    @AfterEach
    void stopServer() {
        stop();
    }

    // ---------------------------------------------------------------- helpers

    protected HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", UA);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    protected HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        return http.send(request(pathAndQuery, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String pathAndQuery, String token, String body) throws Exception {
        return http.send(request(pathAndQuery, token)
                        .header("Content-Type", "application/json")
                        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> delete(String pathAndQuery, String token) throws Exception {
        return http.send(request(pathAndQuery, token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    protected static void assertFailure(HttpResponse<String> r, int status, String message) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject body = json(r);
        assertEquals(false, body.getBoolean("success"));
        if (message != null) {
            assertEquals(message, body.getString("message"));
        }
    }

    protected static List<Long> ids(JsonArray items) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ids.add(items.getJsonObject(i).getLong("id"));
        }
        return ids;
    }

    protected static void assertPagination(JsonObject body, int total, int pages, int perPage) {
        JsonObject p = body.getJsonObject("pagination");
        assertEquals(total, p.getInteger("total"));
        assertEquals(pages, p.getInteger("pages"));
        assertEquals(perPage, p.getInteger("per_page"));
    }

    // ---------------------------------------------------------------- endpoint shapes

    @Test
    void memberReturnsTheCallersFullProfile() throws Exception {
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject body = json(r);
        assertEquals(true, body.getBoolean("success"));
        assertNotNull(body.getString("message"));
        JsonObject m = body.getJsonObject("result");
        assertEquals(data.member("alice").orElseThrow(), m);
        assertEquals("https://www.v2ex.com/u/alice", m.getString("url"));
        for (String f : List.of("id", "username", "url", "website", "twitter", "psn", "github", "btc", "location",
                "tagline", "bio", "avatar_mini", "avatar_normal", "avatar_large", "avatar_xlarge", "avatar_xxlarge",
                "avatar_xxxlarge", "created", "last_modified")) {
            assertTrue(m.containsKey(f), f);
        }
        // Private data differs per token; bob is not PRO so he has no x-size avatars.
        JsonObject bob = json(get("member", TOKEN_BOB)).getJsonObject("result");
        assertEquals("bob", bob.getString("username"));
        assertFalse(bob.containsKey("avatar_xlarge"));
    }

    @Test
    void tokenReturnsTheCallingTokenAndCountsItsUse() throws Exception {
        long before = data.tokenInfo(TOKEN_ALICE).orElseThrow().getLong("total_used");
        JsonObject t = json(get("token", TOKEN_ALICE)).getJsonObject("result");
        assertEquals(TOKEN_ALICE, t.getString("token"));
        assertEquals("everything", t.getString("scope"));
        assertEquals(15_552_000L, t.getLong("expiration"));
        assertEquals(170L, t.getLong("good_for_days"));
        assertEquals(before + 1, t.getLong("total_used"));
        assertEquals("127.0.0.1", t.getString("last_use_ip"));
        assertTrue(t.getLong("last_used") > DemoData.WORLD_NOW);
        assertNotNull(t.getLong("created"));
        assertEquals(data.tokenInfo(TOKEN_ALICE).orElseThrow(), t);
        assertEquals("regular", json(get("token", TOKEN_CAROL)).getJsonObject("result").getString("scope"));
    }

    @Test
    void nodeShapeAndUnknownNode() throws Exception {
        JsonObject n = json(get("nodes/python", TOKEN_BOB)).getJsonObject("result");
        assertEquals(data.node("python").orElseThrow(), n);
        assertEquals("https://www.v2ex.com/go/python", n.getString("url"));
        assertEquals(45, n.getInteger("topics"));
        assertTrue(n.getString("header").contains("href=\"/go/python\""));
        for (String f : List.of("id", "url", "name", "title", "header", "footer", "avatar", "topics", "created",
                "last_modified")) {
            assertTrue(n.containsKey(f), f);
        }
        assertFailure(get("nodes/no-such-node", TOKEN_BOB), 404, null);
        assertFailure(get("nodes/no-such-node/topics", TOKEN_BOB), 404, null);
    }

    @Test
    void nodeTopicsPageThroughAndRepeatTheLastPagePastTheEnd() throws Exception {
        List<Long> expected = data.topicIdsOfNode("python");
        JsonObject p1 = json(get("nodes/python/topics", TOKEN_ALICE));
        JsonObject p2 = json(get("nodes/python/topics?p=2", TOKEN_ALICE));
        JsonObject p3 = json(get("nodes/python/topics?p=3", TOKEN_ALICE));
        assertEquals(expected.subList(0, 20), ids(p1.getJsonArray("result")));
        assertEquals(expected.subList(20, 40), ids(p2.getJsonArray("result")));
        assertEquals(expected.subList(40, 45), ids(p3.getJsonArray("result")));
        assertPagination(p1, 45, 3, 20);
        assertPagination(p3, 45, 3, 20);

        // The quirk: past the last page the last page comes back, pagination unchanged.
        assertEquals(p3, json(get("nodes/python/topics?p=4", TOKEN_ALICE)));
        assertEquals(p3, json(get("nodes/python/topics?p=99", TOKEN_ALICE)));
        // p < 1 and non-numeric p are page 1.
        assertEquals(p1, json(get("nodes/python/topics?p=0", TOKEN_ALICE)));
        assertEquals(p1, json(get("nodes/python/topics?p=-3", TOKEN_ALICE)));
        assertEquals(p1, json(get("nodes/python/topics?p=abc", TOKEN_ALICE)));

        // List shape: the detail fields without member, node and supplements.
        JsonObject item = p1.getJsonArray("result").getJsonObject(0);
        assertEquals(data.topicListItem(item.getLong("id")).orElseThrow(), item);
        JsonObject detail = data.topicDetail(item.getLong("id")).orElseThrow();
        Set<String> expectedKeys = new java.util.HashSet<>(detail.fieldNames());
        expectedKeys.removeAll(Set.of("member", "node", "supplements"));
        assertEquals(expectedKeys, item.fieldNames());
    }

    @Test
    void emptyNodeHasZeroPages() throws Exception {
        JsonObject body = json(get("nodes/" + Fixtures.NODE_WITHOUT_TOPICS + "/topics?p=2", TOKEN_ALICE));
        assertEquals(true, body.getBoolean("success"));
        assertEquals(0, body.getJsonArray("result").size());
        assertPagination(body, 0, 0, 20);
    }

    @Test
    void topicDetailShape() throws Exception {
        long id = data.topicIds().stream()
                .filter(t -> !data.topicDetail(t).orElseThrow().getJsonArray("supplements").isEmpty())
                .findFirst().orElseThrow();
        JsonObject t = json(get("topics/" + id, TOKEN_CAROL)).getJsonObject("result");
        assertEquals(data.topicDetail(id).orElseThrow(), t);
        assertEquals("https://www.v2ex.com/t/" + id, t.getString("url"));
        assertTrue(t.getString("content_rendered").contains("href=\"/t/"));
        assertTrue(t.getString("content_rendered").contains("href=\"/member/"));
        assertTrue(Set.of(0, 1).contains(t.getInteger("syntax")));
        assertEquals(data.replyCount(id), t.getInteger("replies"));
        for (String f : List.of("id", "title", "content", "content_rendered", "syntax", "url", "replies",
                "last_reply_by", "created", "last_modified", "last_touched", "member", "node", "supplements")) {
            assertTrue(t.containsKey(f), f);
        }
        JsonObject member = t.getJsonObject("member");
        assertEquals(Set.of("id", "username", "url", "avatar", "bio", "website", "github", "created", "pro"),
                member.fieldNames());
        assertEquals(data.authorOf(id).orElseThrow(), member.getString("username"));
        assertEquals(Set.of("id", "content", "content_rendered", "syntax", "created"),
                t.getJsonArray("supplements").getJsonObject(0).fieldNames());
        assertEquals(data.node(t.getJsonObject("node").getString("name")).orElseThrow(), t.getJsonObject("node"));

        assertFailure(get("topics/999999", TOKEN_CAROL), 404, null);
        assertFailure(get("topics/not-a-number", TOKEN_CAROL), 404, null);
    }

    @Test
    void repliesPageThroughWithTheQuirk() throws Exception {
        long id = Fixtures.TOPIC_WITH_45_REPLIES;
        List<JsonObject> all = data.repliesOf(id);
        JsonObject p1 = json(get("topics/" + id + "/replies?p=1", TOKEN_BOB));
        JsonObject p3 = json(get("topics/" + id + "/replies?p=3", TOKEN_BOB));
        assertEquals(new JsonArray(all.subList(0, 20)), p1.getJsonArray("result"));
        assertEquals(new JsonArray(all.subList(40, 45)), p3.getJsonArray("result"));
        assertPagination(p1, 45, 3, 20);
        assertEquals(p3, json(get("topics/" + id + "/replies?p=7", TOKEN_BOB)));
        assertEquals(Set.of("id", "content", "content_rendered", "created", "member"),
                p1.getJsonArray("result").getJsonObject(0).fieldNames());

        JsonObject none = json(get("topics/" + Fixtures.TOPIC_WITHOUT_REPLIES + "/replies", TOKEN_BOB));
        assertEquals(0, none.getJsonArray("result").size());
        assertPagination(none, 0, 0, 20);
        assertEquals("", data.topicDetail(Fixtures.TOPIC_WITHOUT_REPLIES).orElseThrow().getString("last_reply_by"));

        assertFailure(get("topics/999999/replies", TOKEN_BOB), 404, null);
    }

    @Test
    void notificationsArePerTokenPagedByTenWithTheQuirk() throws Exception {
        List<JsonObject> all = data.notificationsOf(TOKEN_ALICE);
        assertEquals(25, all.size());
        JsonObject p1 = json(get("notifications", TOKEN_ALICE));
        assertEquals("Notifications 1-10/25", p1.getString("message"));
        assertEquals(new JsonArray(all.subList(0, 10)), p1.getJsonArray("result"));
        assertPagination(p1, 25, 3, 10);
        JsonObject p3 = json(get("notifications?p=3", TOKEN_ALICE));
        assertEquals("Notifications 21-25/25", p3.getString("message"));
        assertEquals(5, p3.getJsonArray("result").size());
        assertEquals(p3, json(get("notifications?p=9", TOKEN_ALICE)));

        // Newest first, and payload comes as null, a string and an object.
        JsonArray items = p1.getJsonArray("result");
        boolean sawNull = false;
        boolean sawString = false;
        boolean sawObject = false;
        for (int i = 0; i < items.size(); i++) {
            JsonObject n = items.getJsonObject(i);
            if (i > 0) {
                assertTrue(items.getJsonObject(i - 1).getLong("created") >= n.getLong("created"));
            }
            Object payload = n.getValue("payload");
            sawNull |= payload == null;
            sawString |= payload instanceof String;
            sawObject |= payload instanceof JsonObject;
            assertTrue(n.getString("text").contains("href=\"/"));
            assertEquals(1, n.getInteger("for_member_id"));
            assertNotNull(n.getJsonObject("member").getString("username"));
            for (String f : List.of("id", "member_id", "for_member_id", "text", "payload", "payload_rendered",
                    "created", "member")) {
                assertTrue(n.containsKey(f), f);
            }
        }
        assertTrue(sawNull && sawString && sawObject);

        JsonObject bob = json(get("notifications", TOKEN_BOB));
        assertEquals(3, bob.getJsonArray("result").size());
        assertEquals("Notifications 1-3/3", bob.getString("message"));
        JsonObject carol = json(get("notifications", TOKEN_CAROL));
        assertEquals(0, carol.getJsonArray("result").size());
        assertPagination(carol, 0, 0, 10);
    }

    @Test
    void deletingANotificationRemovesItOnlyForItsOwner() throws Exception {
        long aliceFirst = data.notificationsOf(TOKEN_ALICE).get(0).getLong("id");
        long bobFirst = data.notificationsOf(TOKEN_BOB).get(0).getLong("id");

        HttpResponse<String> r = delete("notifications/" + aliceFirst, TOKEN_ALICE);
        assertEquals(200, r.statusCode());
        assertEquals(true, json(r).getBoolean("success"));
        assertEquals(24, data.notificationsOf(TOKEN_ALICE).size());
        assertEquals("Notifications 1-10/24", json(get("notifications", TOKEN_ALICE)).getString("message"));

        assertFailure(delete("notifications/" + aliceFirst, TOKEN_ALICE), 404, null);
        assertFailure(delete("notifications/" + bobFirst, TOKEN_ALICE), 404, null);
        assertFailure(delete("notifications/nope", TOKEN_ALICE), 404, null);
        assertEquals(3, data.notificationsOf(TOKEN_BOB).size());
    }

    // ---------------------------------------------------------------- auth

    @Test
    void authFailures() throws Exception {
        assertFailure(get("member", null), 401, "Invalid token");
        assertFailure(get("member", "bd1f2c67-cc7f-48e3-a48a-e5b88b427146"), 401, "Invalid token");
        assertFailure(get("member", Fixtures.TOKEN_EXPIRED), 401, "Token expired");
        // The documented quirk: HTTP 200 with a failure envelope.
        assertFailure(get("member", Fixtures.TOKEN_EXPIRED_QUIRK), 200, "Token expired");
        assertFailure(get("nodes/python/topics", Fixtures.TOKEN_EXPIRED_QUIRK), 200, "Token expired");
    }

    // ---------------------------------------------------------------- mutations

    @Test
    void createTokenAndUseIt() throws Exception {
        HttpResponse<String> r = post("tokens", TOKEN_BOB, "{\"scope\":\"regular\",\"expiration\":5184000}");
        assertEquals(200, r.statusCode(), r.body());
        String token = json(r).getJsonObject("result").getString("token");
        assertTrue(token.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals("bob", data.usernameOf(token));
        assertTrue(data.tokensOf("bob").contains(token));

        assertEquals("bob", json(get("member", token)).getJsonObject("result").getString("username"));
        JsonObject info = json(get("token", token)).getJsonObject("result");
        assertEquals("regular", info.getString("scope"));
        assertEquals(5_184_000L, info.getLong("expiration"));
        assertEquals(60L, info.getLong("good_for_days"));
        // The new token is regular scope, so it may not create tokens itself.
        assertFailure(post("tokens", token, "{\"scope\":\"everything\",\"expiration\":2592000}"), 403, null);
    }

    @Test
    void createTokenValidation() throws Exception {
        assertFailure(post("tokens", TOKEN_CAROL, "{\"scope\":\"everything\",\"expiration\":2592000}"), 403, null);
        assertFailure(post("tokens", TOKEN_ALICE, "{\"scope\":\"admin\",\"expiration\":2592000}"), 400, null);
        assertFailure(post("tokens", TOKEN_ALICE, "{\"scope\":\"everything\",\"expiration\":123}"), 400, null);
        assertFailure(post("tokens", TOKEN_ALICE, "{\"scope\":\"everything\"}"), 400, null);
        assertFailure(post("tokens", TOKEN_ALICE, "not json"), 400, null);
        assertFailure(post("tokens", TOKEN_ALICE, null), 400, null);
        assertEquals(3, data.tokensOf("alice").size());
    }

    @Test
    void atMostTenTokensPerMember() throws Exception {
        int room = DemoData.MAX_TOKENS_PER_MEMBER - data.tokensOf("alice").size();
        for (int i = 0; i < room; i++) {
            assertEquals(200, post("tokens", TOKEN_ALICE, "{\"scope\":\"everything\",\"expiration\":2592000}").statusCode());
        }
        assertFailure(post("tokens", TOKEN_ALICE, "{\"scope\":\"everything\",\"expiration\":2592000}"),
                400, "You can have at most 10 tokens");
        assertEquals(10, data.tokensOf("alice").size());
    }

    @Test
    void setStickyOnlyByTheAuthor() throws Exception {
        long alices = data.topicIdsByAuthor("alice").get(0);
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> r = post("topics/" + alices + "/set-sticky?duration=1hr", TOKEN_ALICE, null);
        assertEquals(200, r.statusCode(), r.body());
        long until = json(r).getJsonObject("result").getLong("sticky_until");
        assertTrue(until >= now + 3600 && until <= now + 3600 + 60, "sticky_until " + until);
        assertEquals(until, data.stickyUntil(alices).orElseThrow());

        long defaultUntil = json(post("topics/" + alices + "/set-sticky", TOKEN_ALICE, null))
                .getJsonObject("result").getLong("sticky_until");
        assertTrue(defaultUntil >= now + 900 && defaultUntil < now + 3600);

        assertFailure(post("topics/" + alices + "/set-sticky?duration=2days", TOKEN_ALICE, null), 400, null);
        assertFailure(post("topics/" + alices + "/set-sticky", TOKEN_BOB, null), 403, null);
        assertFailure(post("topics/999999/set-sticky", TOKEN_ALICE, null), 404, null);
        assertTrue(data.stickyUntil(Fixtures.TOPIC_WITHOUT_REPLIES).isEmpty());
    }

    @Test
    void boostOnlyByAProAuthor() throws Exception {
        long alices = data.topicIdsByAuthor("alice").get(0);
        long bobs = data.topicIdsByAuthor("bob").get(0);
        assertTrue(data.boostedAt(alices).isEmpty());

        HttpResponse<String> r = post("topics/" + alices + "/boost", TOKEN_ALICE, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(true, json(r).getBoolean("success"));
        assertTrue(data.boostedAt(alices).isPresent());

        assertFailure(post("topics/" + bobs + "/boost", TOKEN_ALICE, null), 403, null); // not the author
        assertFailure(post("topics/" + bobs + "/boost", TOKEN_BOB, null), 403, null);   // author, not PRO
        assertTrue(data.boostedAt(bobs).isEmpty());
        assertFailure(post("topics/999999/boost", TOKEN_ALICE, null), 404, null);
    }

    // ---------------------------------------------------------------- rate limit

    @Test
    void everyResponseCarriesRateLimitHeaders() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> first = get("member", TOKEN_ALICE);
        HttpResponse<String> second = get("member", null); // a 401 counts against the per-IP quota too
        HttpResponse<String> third = get("nope", TOKEN_BOB);
        assertEquals("600", first.headers().firstValue("X-Rate-Limit-Limit").orElseThrow());
        assertEquals("599", first.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertEquals("598", second.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertEquals("597", third.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        long reset = Long.parseLong(first.headers().firstValue("X-Rate-Limit-Reset").orElseThrow());
        assertTrue(reset > now && reset <= now + 3601, "reset " + reset);
    }
}
