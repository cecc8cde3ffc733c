package dev.v2exgraphql.demo;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.v2exgraphql.demo.FakeData.TOKEN_ALICE;
import static dev.v2exgraphql.demo.FakeData.TOKEN_BOB;
import static dev.v2exgraphql.demo.FakeData.TOKEN_CAROL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the fake over real HTTP on a free loopback port; expectations come from FakeData. */
class FakeV2exServerTest {

    private static final String UA = "fake-upstream-test/1.0";
    private static Vertx vertx;
    private static HttpClient http;

    private FakeV2exServer fake;
    private FakeData data;

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
    void startFake() {
        // A fresh world per test: mutations in one test cannot leak into another.
        fake = new FakeV2exServer(vertx);
        data = fake.data();
        fake.start("127.0.0.1", 0);
    }

    @AfterEach
    void stopFake() {
        fake.stop();
    }

    // ---------------------------------------------------------------- helpers

    private HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", UA);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        return http.send(request(pathAndQuery, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String pathAndQuery, String token, String body) throws Exception {
        return http.send(request(pathAndQuery, token)
                        .header("Content-Type", "application/json")
                        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String pathAndQuery, String token) throws Exception {
        return http.send(request(pathAndQuery, token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    private static void assertFailure(HttpResponse<String> r, int status, String message) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject body = json(r);
        assertEquals(false, body.getBoolean("success"));
        if (message != null) {
            assertEquals(message, body.getString("message"));
        }
    }

    private static List<Long> ids(JsonArray items) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ids.add(items.getJsonObject(i).getLong("id"));
        }
        return ids;
    }

    private static void assertPagination(JsonObject body, int total, int pages, int perPage) {
        JsonObject p = body.getJsonObject("pagination");
        assertEquals(total, p.getInteger("total"));
        assertEquals(pages, p.getInteger("pages"));
        assertEquals(perPage, p.getInteger("per_page"));
    }

    // ---------------------------------------------------------------- data

    @Test
    void generatedWorldIsDeterministicAndHasTheAdvertisedShape() {
        FakeData other = FakeData.generate();
        assertEquals(data.topicDetail(FakeData.TOPIC_WITH_45_REPLIES), other.topicDetail(FakeData.TOPIC_WITH_45_REPLIES));
        assertEquals(data.notificationsOfUser("alice"), other.notificationsOfUser("alice"));
        assertEquals(data.topicIds(), other.topicIds());

        assertEquals(40, data.usernames().size());
        assertEquals(List.of("alice", "bob", "carol"), data.usernames().subList(0, 3));
        assertEquals(45, data.topicIdsOfNode(FakeData.NODE_WITH_45_TOPICS).size());
        assertEquals(0, data.topicIdsOfNode(FakeData.NODE_WITHOUT_TOPICS).size());
        assertEquals(45, data.replyCount(FakeData.TOPIC_WITH_45_REPLIES));
        assertEquals(0, data.replyCount(FakeData.TOPIC_WITHOUT_REPLIES));
        assertEquals(1000L, data.topicIds().get(0));
        assertTrue(data.topicIdsByAuthor("alice").size() >= 5);
        assertEquals(List.of("demo-token-alice", "demo-token-expired", "demo-token-expired-quirk"), data.tokensOf("alice"));
        assertEquals(3, data.demoAccounts().size());
        assertTrue(data.isPro("alice"));
        assertFalse(data.isPro("bob"));
    }

    @Test
    void onSeveralEventLoopsItServesConcurrentCallsOnOnePortAndStopsThemAll() throws Exception {
        FakeV2exServer shared = new FakeV2exServer(vertx);
        assertThrows(IllegalArgumentException.class, () -> shared.start("127.0.0.1", 0, 3));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertEquals(port, shared.start("127.0.0.1", port, 3));
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(shared.baseUrl() + "topics/1000"))
                        .header("Authorization", "Bearer " + TOKEN_ALICE).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertEquals(200, call.get(10, TimeUnit.SECONDS).statusCode());
            }
            assertEquals(12, shared.counters().count("GET /topics/:id"));
        } finally {
            shared.stop();
        }
        assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v2/topics/1000")).build(), HttpResponse.BodyHandlers.ofString()),
                "every server sharing the port is closed");
    }

    @Test
    void warmUpNodesAddTwentyTopicPagesAndLeaveTheSeededWorldAsItWas() {
        FakeData warm = FakeData.generate().addWarmUpNodes(3);
        FakeData plain = FakeData.generate();

        for (String node : plain.nodeNames()) {
            assertEquals(plain.node(node), warm.node(node), node);
            assertEquals(plain.topicIdsOfNode(node), warm.topicIdsOfNode(node), node);
        }
        for (long id : plain.topicIds()) {
            assertEquals(plain.topicDetail(id), warm.topicDetail(id), "topic " + id);
        }
        assertEquals(plain.notificationsOfUser("alice"), warm.notificationsOfUser("alice"));

        assertEquals(List.of("warmup1", "warmup2", "warmup3"),
                warm.nodeNames().subList(plain.nodeNames().size(), warm.nodeNames().size()));
        List<Long> page = warm.topicIdsOfNode("warmup2");
        assertEquals(FakeData.TOPICS_PER_WARM_UP_NODE, page.size());
        for (long id : page) {
            assertTrue(id >= FakeData.FIRST_WARM_UP_TOPIC, "warm-up topic ids stay clear of the seeded ones: " + id);
            assertEquals("warmup2", warm.topicDetail(id).orElseThrow().getJsonObject("node").getString("name"));
            assertTrue(warm.authorOf(id).isPresent());
        }
        assertEquals(3 * FakeData.TOPICS_PER_WARM_UP_NODE, warm.topicIds().size() - plain.topicIds().size());
        assertThrows(IllegalArgumentException.class, () -> FakeData.generate().addWarmUpNodes(-1));
        assertThrows(IllegalStateException.class, () -> warm.addWarmUpNodes(1), "added once only");
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
        assertTrue(t.getLong("last_used") > FakeData.WORLD_NOW);
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
        JsonObject body = json(get("nodes/" + FakeData.NODE_WITHOUT_TOPICS + "/topics?p=2", TOKEN_ALICE));
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
        long id = FakeData.TOPIC_WITH_45_REPLIES;
        List<JsonObject> all = data.repliesOf(id);
        JsonObject p1 = json(get("topics/" + id + "/replies?p=1", TOKEN_BOB));
        JsonObject p3 = json(get("topics/" + id + "/replies?p=3", TOKEN_BOB));
        assertEquals(new JsonArray(all.subList(0, 20)), p1.getJsonArray("result"));
        assertEquals(new JsonArray(all.subList(40, 45)), p3.getJsonArray("result"));
        assertPagination(p1, 45, 3, 20);
        assertEquals(p3, json(get("topics/" + id + "/replies?p=7", TOKEN_BOB)));
        assertEquals(Set.of("id", "content", "content_rendered", "created", "member"),
                p1.getJsonArray("result").getJsonObject(0).fieldNames());

        JsonObject none = json(get("topics/" + FakeData.TOPIC_WITHOUT_REPLIES + "/replies", TOKEN_BOB));
        assertEquals(0, none.getJsonArray("result").size());
        assertPagination(none, 0, 0, 20);
        assertEquals("", data.topicDetail(FakeData.TOPIC_WITHOUT_REPLIES).orElseThrow().getString("last_reply_by"));

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
        assertFailure(get("member", FakeData.TOKEN_EXPIRED), 401, "Token expired");
        // The documented quirk: HTTP 200 with a failure envelope.
        assertFailure(get("member", FakeData.TOKEN_EXPIRED_QUIRK), 200, "Token expired");
        assertFailure(get("nodes/python/topics", FakeData.TOKEN_EXPIRED_QUIRK), 200, "Token expired");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertFailure(get("no/such/endpoint", TOKEN_ALICE), 404, null);
        assertFailure(post("member", TOKEN_ALICE, "{}"), 404, null);
        assertEquals(2, fake.counters().count(CallCounters.UNMATCHED));
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
        int room = FakeData.MAX_TOKENS_PER_MEMBER - data.tokensOf("alice").size();
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
        assertTrue(data.stickyUntil(FakeData.TOPIC_WITHOUT_REPLIES).isEmpty());
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

    @Test
    void exhaustedQuotaAnswers429WithRetryAfterUntilTheWindowResets() throws Exception {
        fake.behaviour().rateLimit(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("member", i % 2 == 0 ? TOKEN_ALICE : TOKEN_BOB).statusCode());
        }
        HttpResponse<String> limited = get("member", TOKEN_CAROL); // shared by all tokens
        assertFailure(limited, 429, null);
        assertEquals("0", limited.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertEquals("3", limited.headers().firstValue("X-Rate-Limit-Limit").orElseThrow());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 3600);
        assertEquals(4, fake.counters().count(FakeV2exServer.GET_MEMBER)); // limited calls are recorded too

        fake.behaviour().resetRateWindow();
        HttpResponse<String> again = get("member", TOKEN_CAROL);
        assertEquals(200, again.statusCode());
        assertEquals("2", again.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
    }

    @Test
    void exhaustedQuotaCanAnswer403() throws Exception {
        fake.behaviour().rateLimit(1).exhaustedStatus(403);
        assertEquals(200, get("member", TOKEN_ALICE).statusCode());
        HttpResponse<String> limited = get("member", TOKEN_ALICE);
        assertFailure(limited, 403, null);
        assertEquals("0", limited.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertTrue(limited.headers().firstValue("Retry-After").isEmpty());
    }

    @Test
    void quotaComesBackWhenTheWindowRollsOver() throws Exception {
        fake.behaviour().rateWindow(Duration.ofMillis(800)).resetRateWindow().rateLimit(1);
        assertEquals(200, get("member", TOKEN_ALICE).statusCode());
        assertEquals(429, get("member", TOKEN_ALICE).statusCode());
        Thread.sleep(1000);
        assertEquals(200, get("member", TOKEN_ALICE).statusCode());
    }

    @Test
    void disabledRateLimitNeverRefuses() throws Exception {
        fake.behaviour().rateLimit(1).rateLimitEnabled(false);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get("member", TOKEN_ALICE);
            assertEquals(200, r.statusCode());
            assertEquals(String.valueOf(FakeBehaviour.UNLIMITED),
                    r.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        }
    }

    // ---------------------------------------------------------------- faults and latency

    @Test
    void fault500IsAnHtmlPage() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.HTTP_500);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(500, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(r.headers().firstValue("X-Rate-Limit-Remaining").isPresent());
    }

    @Test
    void faultHangNeverAnswers() {
        fake.behaviour().faultRate(1).faultKind(FaultKind.HANG);
        HttpRequest req = request("member", TOKEN_ALICE).timeout(Duration.ofMillis(500)).GET().build();
        assertThrows(HttpTimeoutException.class, () -> http.send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, fake.counters().count(FakeV2exServer.GET_MEMBER));
    }

    @Test
    void faultResetDropsTheConnection() {
        fake.behaviour().faultRate(1).faultKind(FaultKind.RESET);
        IOException e = assertThrows(IOException.class, () -> get("topics/1000", TOKEN_ALICE));
        assertFalse(e instanceof HttpTimeoutException);
    }

    @Test
    void faultSlowAnswersNormallyAfterTheDelay() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.SLOW).slowDelay(Duration.ofMillis(300));
        long start = System.nanoTime();
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertEquals("alice", json(r).getJsonObject("result").getString("username"));
        assertTrue(ms >= 300, "took " + ms + " ms");
    }

    @Test
    void faultHtml403IsACdnChallenge() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.HTML_403);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(r.body().contains("<html"));
    }

    @Test
    void faultSuccessFalse200() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.SUCCESS_FALSE_200);
        assertFailure(get("member", TOKEN_ALICE), 200, "Something went wrong");
    }

    @Test
    void faultNonJson200() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.NON_JSON_200);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertThrows(RuntimeException.class, () -> new JsonObject(r.body()));
    }

    @Test
    void faultRedirectPointsElsewhereAndCountsFollowers() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.REDIRECT);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://127.0.0.1:" + fake.port() + "/"));
        assertFalse(location.contains("/api/v2/"));
        assertEquals(0, fake.counters().redirectTargetHits());

        // A client following it without the Authorization header: counted, token null.
        HttpResponse<String> followed = http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, followed.statusCode());
        assertEquals(1, fake.counters().redirectTargetHits());
        CallCounters.RecordedCall hit = fake.counters().calls().get(1);
        assertEquals(CallCounters.REDIRECT_TARGET, hit.endpoint());
        assertNull(hit.token());
    }

    @Test
    void faultRateIsDeterministicAndCanTargetOneEndpoint() throws Exception {
        fake.behaviour().faultRate(0.5).faultKind(FaultKind.HTTP_500).faultOnly(FakeV2exServer.GET_TOPIC);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get("topics/1000", TOKEN_ALICE).statusCode());
            assertEquals(200, get("nodes/python", TOKEN_ALICE).statusCode()); // other endpoints unaffected
        }
        assertEquals(List.of(200, 500, 200, 500), statuses);

        fake.behaviour().reset();
        assertEquals(200, get("topics/1000", TOKEN_ALICE).statusCode());
    }

    @Test
    void latencyDelaysEveryResponse() throws Exception {
        fake.behaviour().latency(Duration.ofMillis(250));
        for (String path : List.of("member", "no/such/path")) {
            long start = System.nanoTime();
            get(path, TOKEN_ALICE);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 250, path + " took " + ms + " ms");
        }
        long start = System.nanoTime();
        assertEquals(401, get("member", null).statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 250);
    }

    // ---------------------------------------------------------------- counters

    @Test
    void countersRecordTemplateKeysPathsTokensAndUserAgent() throws Exception {
        CallCounters c = fake.counters();
        get("nodes/python/topics?p=2", TOKEN_ALICE);
        get("nodes/apple/topics", TOKEN_ALICE);
        get("topics/1000", TOKEN_BOB);
        get("topics/1000", TOKEN_BOB);
        get("topics/1001/replies", TOKEN_BOB);
        get("member", null);
        get("notifications", TOKEN_CAROL);
        delete("notifications/1", TOKEN_CAROL);
        get("token", TOKEN_CAROL);
        post("tokens", TOKEN_CAROL, "{}");
        get("nodes/python", TOKEN_ALICE);
        post("topics/1000/set-sticky", TOKEN_ALICE, null);
        post("topics/1000/boost", TOKEN_ALICE, null);

        assertEquals(13, c.total());
        assertEquals(2, c.count("GET /nodes/:name/topics"));
        assertEquals(2, c.count("GET /topics/:id"));
        for (String key : List.of("GET /topics/:id/replies", "GET /member", "GET /notifications",
                "DELETE /notifications/:id", "GET /token", "POST /tokens", "GET /nodes/:name",
                "POST /topics/:id/set-sticky", "POST /topics/:id/boost")) {
            assertEquals(1, c.count(key), key);
        }
        assertEquals(2, c.countPath("GET", "/topics/1000"));
        assertEquals(1, c.countPath("GET", "/nodes/python/topics"));
        assertEquals(5, c.countByToken(TOKEN_ALICE));
        assertEquals(3, c.countByToken(TOKEN_BOB));
        assertEquals(4, c.countByToken(TOKEN_CAROL));
        assertEquals(1, c.countByToken(null));

        CallCounters.RecordedCall first = c.calls().get(0);
        assertEquals("GET", first.method());
        assertEquals("/nodes/python/topics", first.path());
        assertEquals("p=2", first.query());
        assertEquals(UA, first.userAgent());
        assertTrue(c.calls().get(1).startedAtNanos() >= first.startedAtNanos());

        c.reset();
        assertEquals(0, c.total());
        assertEquals(0, c.maxInFlight("GET /topics/:id"));
    }

    @Test
    void maxInFlightShowsConcurrentRequests() throws Exception {
        fake.behaviour().latency(Duration.ofMillis(500));
        List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
        for (long id = 1000; id < 1005; id++) {
            batch.add(http.sendAsync(request("topics/" + id, TOKEN_ALICE).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : batch) {
            assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(5, fake.counters().maxInFlight(FakeV2exServer.GET_TOPIC));
        awaitNothingInFlight(FakeV2exServer.GET_TOPIC);

        // Sequential calls never overlap.
        fake.counters().reset();
        fake.behaviour().latency(Duration.ZERO);
        get("topics/1000", TOKEN_ALICE);
        awaitNothingInFlight(FakeV2exServer.GET_TOPIC);
        get("topics/1001", TOKEN_ALICE);
        assertEquals(1, fake.counters().maxInFlight(FakeV2exServer.GET_TOPIC));
    }

    /** The server marks a request finished right after the response is written, which may trail the client. */
    private void awaitNothingInFlight(String endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (fake.counters().inFlight(endpoint) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, fake.counters().inFlight(endpoint));
    }

    @Test
    void startRefusesToRunTwiceAndBaseUrlIsLoopback() {
        assertEquals("http://127.0.0.1:" + fake.port() + "/api/v2/", fake.baseUrl());
        assertNotEquals(0, fake.port());
        assertThrows(IllegalStateException.class, () -> fake.start("127.0.0.1", 0));
    }
}
