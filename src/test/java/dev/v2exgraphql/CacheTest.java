package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.cache.CacheKey;
import dev.v2exgraphql.cache.TwoTierCache;
import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.demo.Fixtures;
import dev.v2exgraphql.redis.SharedRedis;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.JvmOnly;
import dev.v2exgraphql.support.LogCapture;
import dev.v2exgraphql.support.Scrape;
import dev.v2exgraphql.support.Service;
import dev.v2exgraphql.telemetry.CacheMetrics;
import dev.v2exgraphql.v2ex.CacheKind;
import dev.v2exgraphql.v2ex.Envelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

/** The two-tier cache against a real redis-server, counted at the fake upstream. */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class CacheTest extends FakeUpstreamTest {

    private static final String PAGE_WITH_AUTHORS = "{ node(name: \"python\") { title topics { items { id title author { username } } } } }";
    private static final String REPLIES = "{ topic(id: \"1000\") { replies { items { id } } } }";

    @Test
    void warmRepeatCostsNoUpstreamCall() {
        JsonPath cold = Gql.query(TOKEN_ALICE, PAGE_WITH_AUTHORS);
        assertTrue(Gql.noErrors(cold), cold::prettify);
        int coldCalls = counters().total();
        assertEquals(22, coldCalls, "node + page + 20 details");

        JsonPath warm = Gql.query(TOKEN_BOB, PAGE_WITH_AUTHORS); // public data is shared across callers
        assertEquals(cold.getList("data.node.topics.items"), warm.getList("data.node.topics.items"));
        assertEquals(coldCalls, counters().total(), "a warm repeat makes no upstream call");

        Service.clearLocalCache(); // as if another instance: only Redis has it
        Gql.query(TOKEN_BOB, PAGE_WITH_AUTHORS);
        assertEquals(coldCalls, counters().total(), () -> "served from Redis, but: "
                + counters().calls().subList(coldCalls, counters().total()));
    }

    @Test
    void repeatedPublicQueriesAreAnsweredWithoutRunningGraphQL() {
        // (no replies here: they are fresh for 1 s only in tests, too short to be worth keeping)
        String query = "{ topic(id: \"1000\") { title author { username } node { name } } }";
        JsonPath first = Gql.query(TOKEN_ALICE, query);
        double hits = Scrape.responseCacheHits();
        redis().command("CONFIG", "RESETSTAT");

        JsonPath again = Gql.query(TOKEN_BOB, query);
        assertEquals(first.getMap("data"), again.getMap("data"));
        assertEquals(hits + 1, Scrape.responseCacheHits());
        assertEquals(0, commandCalls("mget") + commandCalls("get"), "no cache lookup at all");

        // Private data never is: the viewer's answer is built each time.
        Gql.query(TOKEN_ALICE, "{ viewer { member { username } } }");
        Gql.query(TOKEN_ALICE, "{ viewer { member { username } } }");
        assertEquals(hits + 1, Scrape.responseCacheHits());
        // A mutation empties it.
        Gql.query(TOKEN_ALICE, "mutation { setTopicSticky(topicId: \"1000\") { topicId } }");
        Gql.query(TOKEN_BOB, query);
        assertEquals(hits + 1, Scrape.responseCacheHits());
    }

    @Test
    void aPopularQueryAfterAQuietSpellRunsOnceForAllConcurrentRequests() throws Exception {
        // Replies are fresh for 1 s in tests, and served stale (while one refresh runs) for 2 s more.
        JsonPath first = Gql.query(TOKEN_ALICE, REPLIES);
        assertTrue(Gql.noErrors(first));
        Thread.sleep(2300); // past the kept answer's freshness and its grace period; the replies are stale
        int repliesCalls = counters().count("GET /topics/:id/replies");
        double executed = executedQueries();
        int requests = 24;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<CompletableFuture<JsonPath>> all = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                all.add(CompletableFuture.supplyAsync(() -> Gql.query(TOKEN_BOB, REPLIES), pool));
            }
            int saidStale = 0;
            for (CompletableFuture<JsonPath> answer : all) {
                JsonPath json = answer.get();
                assertTrue(Gql.noErrors(json));
                assertEquals(first.getList("data.topic.replies.items.id"), json.getList("data.topic.replies.items.id"));
                // The answer built from stale replies says so to every caller it is served to; one
                // built after the refresh landed does not need to.
                List<String> stale = json.getList("extensions.cache.stale.resource");
                if (stale != null) {
                    assertEquals(List.of("replies:1000:1"), stale, json::prettify);
                    saidStale++;
                }
            }
            assertTrue(saidStale >= 1, "the first answer was built while the replies were stale");
        } finally {
            pool.shutdown();
        }
        double ran = executedQueries() - executed;
        // One request runs the query; the others wait for its answer (a straggler arriving after the
        // 100 ms the stale answer is kept may run it once more). Without waiting, all 24 ran it.
        assertTrue(ran >= 1 && ran <= 3, () -> "queries run for " + requests + " concurrent requests: " + ran);
        assertEquals(repliesCalls + 1, counters().count("GET /topics/:id/replies"), "one refresh of the replies");
    }

    private static double executedQueries() {
        return Scrape.now().sum("v2ex_graphql_operations_seconds_count", "type", "query", "outcome", "ok");
    }

    @Test
    void aWaveOfKeysIsOneRedisRoundTrip() {
        Gql.query(TOKEN_ALICE, PAGE_WITH_AUTHORS);
        Service.clearLocalCache();
        redis().command("CONFIG", "RESETSTAT");

        Gql.query(TOKEN_ALICE, PAGE_WITH_AUTHORS);

        // node, page, then the 20 topic details in one MGET: three lookups, no single GETs.
        assertEquals(3, commandCalls("mget"), redis().command("INFO", "commandstats"));
        assertEquals(0, commandCalls("get"));
        assertEquals(22, counters().total(), "nothing new upstream");
    }

    @Test
    void aPageAlsoCachesItsItems() {
        Gql.query(TOKEN_ALICE, "{ node(name: \"python\") { topics { items { id } } } }");
        long listed = data().topicIdsOfNode("python").get(3);
        int before = counters().total();

        JsonPath r = Gql.query(TOKEN_ALICE, "{ topic(id: \"" + listed + "\") { id title replyCount } }");

        assertEquals(data().topicDetail(listed).orElseThrow().getString("title"), r.getString("data.topic.title"));
        assertEquals(before, counters().total(), "answered from the list item");
        // Fields the item lacks still come from the detail.
        JsonPath author = Gql.query(TOKEN_ALICE, "{ topic(id: \"" + listed + "\") { author { username } } }");
        assertEquals(data().authorOf(listed).orElseThrow(), author.getString("data.topic.author.username"));
        assertEquals(1, counters().countPath("GET", "/topics/" + listed));
    }

    @Test
    void expiryCausesExactlyOneRefetchAndSaysStale() throws Exception {
        Gql.query(TOKEN_ALICE, REPLIES);
        assertEquals(1, counters().count("GET /topics/:id/replies"));
        Thread.sleep(1300); // replies are fresh for 1 s in tests

        JsonPath stale = Gql.query(TOKEN_ALICE, REPLIES);
        assertEquals(List.of("replies:1000:1"), stale.getList("extensions.cache.stale.resource"), stale::prettify);
        awaitCalls("GET /topics/:id/replies", 2); // refreshed once, in the background
        JsonPath fresh = Gql.query(TOKEN_ALICE, REPLIES);
        assertNull(fresh.get("extensions.cache"), fresh::prettify);
        Gql.query(TOKEN_BOB, REPLIES);
        assertEquals(2, counters().count("GET /topics/:id/replies"), "exactly one refetch");
    }

    @Test
    void staleIsServedWhenTheUpstreamFailsOrTheQuotaIsSpent() throws Exception {
        JsonPath first = Gql.query(TOKEN_ALICE, REPLIES);
        Thread.sleep(3300); // past TTL (1 s) and stale-while-revalidate (2 s): a refetch is due

        behaviour().faultKind(FaultKind.HTTP_500).faultRate(1.0);
        JsonPath duringOutage = Gql.query(TOKEN_ALICE, REPLIES);
        assertTrue(Gql.noErrors(duringOutage), duringOutage::prettify);
        assertEquals(first.getList("data.topic.replies.items"), duringOutage.getList("data.topic.replies.items"));
        assertEquals(List.of("replies:1000:1"), duringOutage.getList("extensions.cache.stale.resource"));

        behaviour().reset();
        behaviour().rateLimit(0);
        JsonPath quotaSpent = Gql.query(TOKEN_ALICE, REPLIES);
        assertTrue(Gql.noErrors(quotaSpent), quotaSpent::prettify);
        assertEquals(List.of("replies:1000:1"), quotaSpent.getList("extensions.cache.stale.resource"));

        // Without anything cached the error still reaches the client.
        JsonPath uncached = Gql.query(TOKEN_ALICE, "{ topic(id: \"1001\") { replies { items { id } } } }");
        assertEquals(List.of("RATE_LIMITED"), Gql.codes(uncached));
    }

    @Test
    void fiftyConcurrentColdQueriesMakeOneUpstreamCall() throws Exception {
        behaviour().latency(Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<JsonPath>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String token = i % 2 == 0 ? TOKEN_ALICE : TOKEN_BOB;
                all.add(CompletableFuture.supplyAsync(() -> Gql.query(token, "{ node(name: \"apple\") { title } }"), pool));
            }
            for (CompletableFuture<JsonPath> r : all) {
                assertEquals(data().node("apple").orElseThrow().getString("title"), r.get().getString("data.node.title"));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, counters().count("GET /nodes/:name"));
    }

    @Test
    @JvmOnly("builds a second cache instance next to the service's own")
    void twoInstancesSharingOneRedisFetchOnce() throws Exception {
        TwoTierCache cache = Service.bean(TwoTierCache.class);
        V2exConfig config = Service.bean(V2exConfig.class);
        SharedRedis otherRedis = new SharedRedis(Redis.createClient(Service.bean(Vertx.class), redis().url()), config);
        CacheMetrics otherMetrics = new CacheMetrics(new SimpleMeterRegistry());
        TwoTierCache other = new TwoTierCache(otherRedis, config, change -> {
        }, otherMetrics);
        AtomicInteger fetches = new AtomicInteger();
        CacheKey key = CacheKey.of(CacheKind.NODE, "shared-" + System.nanoTime());
        List<Uni<Envelope>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TwoTierCache instance = i % 2 == 0 ? cache : other;
            all.add(instance.get(ClientRequest.from("Bearer " + TOKEN_ALICE, null, null), key, k -> Uni.createFrom().item(() -> {
                fetches.incrementAndGet();
                return new Envelope("ok", new JsonObject().put("id", 1), null);
            }).onItem().delayIt().by(Duration.ofMillis(300))));
        }
        List<Envelope> answers = Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(10));
        assertEquals(40, answers.size());
        assertEquals(1, fetches.get(), "one fetch across both instances");
    }

    @Test
    void aLockLeftByADeadInstanceDelaysButDoesNotBlock() {
        // As if another instance took the fetch lock and died: nobody will ever fill the entry.
        redis().command("SET", "v2gql:v1:node:programmer:lock", "dead-owner", "PX", "60000");
        long started = System.nanoTime();
        JsonPath r = Gql.query(TOKEN_ALICE, "{ node(name: \"programmer\") { title } }");
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(Gql.noErrors(r), r::prettify);
        assertEquals(1, counters().count("GET /nodes/:name"), "fetched itself after the bounded wait");
        assertTrue(waitedMillis >= Service.settings().cache().lockWait().toMillis(), "waited " + waitedMillis + " ms");
    }

    @Test
    void privateDataIsPerTokenAndNoTokenEverReachesRedis() {
        String viewer = "{ viewer { member { username } token { scope } notifications { items { id } } } }";
        for (int round = 0; round < 10; round++) {
            for (String token : List.of(TOKEN_ALICE, TOKEN_BOB, Fixtures.TOKEN_CAROL)) {
                JsonPath r = Gql.query(token, viewer);
                assertEquals(data().usernameOf(token), r.getString("data.viewer.member.username"), "round " + round);
                List<String> expected = data().notificationsOf(token).stream().limit(10)
                        .map(n -> String.valueOf(n.getLong("id"))).toList();
                assertEquals(expected, r.getList("data.viewer.notifications.items.id"));
            }
        }
        assertEquals(9, counters().total(), "3 private resources × 3 tokens, then all cached");
        Gql.query(TOKEN_ALICE, PAGE_WITH_AUTHORS);

        List<String> keys = redis().keys();
        assertTrue(keys.size() > 20, keys.toString());
        for (String key : keys) {
            String value = redis().command("GET", key);
            for (String token : List.of(TOKEN_ALICE, TOKEN_BOB, Fixtures.TOKEN_CAROL)) {
                assertFalse(key.contains(token), key);
                assertFalse(value != null && value.contains(token), "token in the value of " + key);
            }
        }
        assertTrue(keys.stream().anyMatch(k -> k.matches("v2gql:v1:p:[0-9a-f]{32}:member:me")), keys.toString());
    }

    @Test
    void queriesKeepWorkingWhileRedisIsDownAndUseItAgainAfterwards() {
        Gql.query(TOKEN_ALICE, "{ node(name: \"qna\") { title } }");
        redis().stop();
        try (LogCapture capture = LogCapture.start()) {
            for (String topic : List.of("1000", "1001", "1002")) {
                Service.clearLocalCache();
                JsonPath during = Gql.query(TOKEN_ALICE, "{ node(name: \"qna\") { title } topic(id: \"" + topic + "\") { title } }");
                assertTrue(Gql.noErrors(during), during::prettify);
                assertNotNull(during.getString("data.node.title"));
                assertNotNull(during.getString("data.topic.title"));
            }
            long warnings = capture.lines().stream().filter(l -> l.logger().equals(SharedRedis.class.getName())
                    && l.level().intValue() == java.util.logging.Level.WARNING.intValue()).count();
            assertEquals(1, warnings, "one warning per outage");
        } finally {
            redis().start();
        }
        awaitRedisUsable();
        int before = counters().total();
        Gql.query(TOKEN_ALICE, "{ node(name: \"v2ex\") { title } }"); // written to the restarted Redis
        Service.clearLocalCache();
        Gql.query(TOKEN_ALICE, "{ node(name: \"v2ex\") { title } }");
        assertEquals(before + 1, counters().total(), "the second read came from Redis");
        assertTrue(redis().keys().contains("v2gql:v1:node:v2ex"));
    }

    @Test
    void deletingANotificationDropsThatTokensPages() {
        String page = "{ viewer { notifications { items { id } } } }";
        List<String> before = Gql.query(TOKEN_ALICE, page).getList("data.viewer.notifications.items.id");
        Gql.query(TOKEN_BOB, page);
        String id = before.get(0);

        Gql.query(TOKEN_ALICE, "mutation { deleteNotification(id: \"" + id + "\") { deletedId } }");
        List<String> after = Gql.query(TOKEN_ALICE, page).getList("data.viewer.notifications.items.id");
        assertFalse(after.contains(id));
        assertEquals(2, notificationReads(TOKEN_ALICE), "page refetched once after the delete");
        Gql.query(TOKEN_BOB, page);
        assertEquals(1, notificationReads(TOKEN_BOB), "another token's pages are untouched");
    }

    @Test
    void stickyAndBoostDropTheTopicAndItsNodePages() {
        long topic = data().topicIdsByAuthor("alice").get(2);
        String node = data().topicDetail(topic).orElseThrow().getJsonObject("node").getString("name");
        String read = "{ topic(id: \"" + topic + "\") { title author { username } } node(name: \"" + node
                + "\") { topics { items { id } } } }";
        Gql.query(TOKEN_ALICE, read);
        assertEquals(1, counters().countPath("GET", "/topics/" + topic));
        assertEquals(1, counters().count("GET /nodes/:name/topics"));

        Gql.query(TOKEN_ALICE, "mutation { setTopicSticky(topicId: \"" + topic + "\") { topicId } }");
        Gql.query(TOKEN_ALICE, read);
        assertEquals(2, counters().countPath("GET", "/topics/" + topic), "topic refetched");
        assertEquals(2, counters().count("GET /nodes/:name/topics"), "node page refetched");

        Gql.query(TOKEN_ALICE, "mutation { boostTopic(topicId: \"" + topic + "\") { topicId } }");
        Gql.query(TOKEN_ALICE, read);
        assertEquals(3, counters().countPath("GET", "/topics/" + topic));
        assertEquals(3, counters().count("GET /nodes/:name/topics"));
    }

    @Test
    void creatingATokenDropsNothingPublic() {
        Gql.query(TOKEN_BOB, PAGE_WITH_AUTHORS);
        int before = counters().total();
        Gql.query(TOKEN_BOB, "mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }");
        Gql.query(TOKEN_BOB, PAGE_WITH_AUTHORS);
        assertEquals(before + 1, counters().total(), "only the POST itself");
    }

    @Test
    void publicGetAnswersAreCacheableAndEverythingElseIsNot() {
        JsonPath ignored = Gql.query(TOKEN_ALICE, "{ node(name: \"apple\") { title } }");
        assertNotNull(ignored.getString("data.node.title"));
        String cacheControl = given().header("Authorization", "Bearer " + TOKEN_ALICE)
                .queryParam("query", "{ node(name: \"apple\") { title topics { items { id } } } }")
                .get("/graphql").then().statusCode(200).extract().header("Cache-Control");
        Matcher m = Pattern.compile("public, max-age=(\\d+)").matcher(cacheControl);
        assertTrue(m.matches(), cacheControl);
        long maxAge = Long.parseLong(m.group(1));
        assertTrue(maxAge > 0 && maxAge <= Service.settings().cache().ttl().nodeTopics().toSeconds(),
                "the smallest TTL involved (node topics), got " + maxAge);

        assertEquals("private, no-store", given().header("Authorization", "Bearer " + TOKEN_ALICE)
                .queryParam("query", "{ viewer { member { username } } }")
                .get("/graphql").then().statusCode(200).extract().header("Cache-Control"));
        assertEquals("private, no-store", given().header("Authorization", "Bearer " + TOKEN_ALICE)
                .contentType("application/json").body(Map.of("query", "{ node(name: \"apple\") { title } }"))
                .post("/graphql").then().statusCode(200).extract().header("Cache-Control"));
        assertEquals("private, no-store", given().header("Authorization", "Bearer " + TOKEN_ALICE)
                .queryParam("query", "{ topic(id: \"abc\") { title } }")
                .get("/graphql").then().statusCode(200).extract().header("Cache-Control"));
    }

    private static long notificationReads(String token) {
        return counters().calls().stream()
                .filter(c -> c.endpoint().equals("GET /notifications") && token.equals(c.token())).count();
    }

    private int commandCalls(String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(redis().command("INFO", "commandstats"));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void awaitCalls(String endpoint, int expected) throws InterruptedException {
        for (int i = 0; i < 100 && counters().count(endpoint) < expected; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // and nothing more arrives
        assertEquals(expected, counters().count(endpoint));
    }

    /** After a restart the tier waits out its back-off window before trying Redis again. */
    private void awaitRedisUsable() {
        long deadline = System.nanoTime() + Service.settings().cache().redisRetry().toNanos() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Gql.query(TOKEN_ALICE, "{ node(name: \"apple\") { title } }");
            if (redis().keys().contains("v2gql:v1:node:apple")) {
                return;
            }
            Service.clearLocalCache();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
