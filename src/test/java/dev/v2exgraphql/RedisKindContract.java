package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.SecondInstance;
import dev.v2exgraphql.support.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What two instances of the packaged service (two pods) must do together over each kind of Redis
 * (standalone, Sentinel, Cluster; one subclass each, started by the test resource on loopback):
 * share entries, fetches, persisted queries and one budget, see each other's writes at once, and
 * lose no answer a cached copy could give when a Redis master dies under load. Upstream calls are
 * counted at the fake.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RedisKindContract extends FakeUpstreamTest {

    private static final String NOTIFICATIONS = "{ viewer { notifications { items { id } } } }";
    private static SecondInstance second;

    /** Empties every node of the shared tier. */
    abstract void flushShared();

    /** Every key in the shared tier, over all nodes. */
    abstract List<String> sharedKeys();

    /** Kills the Redis node that holds the most (a master), as a crash would. */
    abstract void killAMaster() throws Exception;

    /** Back to a whole Redis for what follows (a failover done, a node restarted). */
    abstract void heal() throws Exception;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        second = SecondInstance.start(Map.of());
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @BeforeEach
    void bothInstancesFresh() throws InterruptedException {
        flushShared();
        Service.reset();
        second.reset();
        Service.awaitRedisUsable();
        second.awaitRedisUsable();
    }

    @Test
    @Order(1)
    void anEntryFetchedThroughOneInstanceServesTheOther() {
        long id = data().topicIds().get(0);
        JsonPath onA = Gql.query(TOKEN_ALICE, topic(id));
        assertTrue(Gql.noErrors(onA), onA::prettify);
        JsonPath onB = second.gql().query(TOKEN_BOB, topic(id));
        assertEquals(onA.getString("data.topic.title"), onB.getString("data.topic.title"), onB::prettify);
        assertEquals(1, counters().countPath("GET", "/topics/" + id), "B found A's entry in Redis");
        assertTrue(sharedKeys().stream().anyMatch(k -> k.startsWith("v2gql:v1:") && k.contains(String.valueOf(id))),
                () -> "the entry lives in the shared tier: " + sharedKeys());
    }

    @Test
    @Order(1)
    void aListFetchedThroughOneInstanceIsReadBackInOrderByTheOther() {
        List<Long> ids = data().topicIds().subList(20, 40);
        String query = "{ topics(ids: [" + String.join(", ", ids.stream().map(id -> "\"" + id + "\"").toList())
                + "]) { id title } }";
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, query)));
        assertEquals(ids.size(), counters().total());
        // One read of the whole wave from the shared tier; each entry must come back as its own id's.
        JsonPath onB = second.gql().query(TOKEN_BOB, query);
        assertTrue(Gql.noErrors(onB), onB::prettify);
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            assertEquals(String.valueOf(id), onB.getString("data.topics[" + i + "].id"));
            assertEquals(data().topicDetail(id).orElseThrow().getString("title"), onB.getString("data.topics[" + i + "].title"));
        }
        assertEquals(ids.size(), counters().total(), "B read them all from Redis");
    }

    @Test
    @Order(2)
    void concurrentMissesOnBothInstancesCostOneCallAndLeaveNoLock() throws Exception {
        long id = data().topicIds().get(1);
        behaviour().latency(Duration.ofMillis(300)); // long enough for every request to meet the first fetch
        int requests = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<JsonPath> answers = new ArrayList<>();
        try {
            List<Future<JsonPath>> pending = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Gql.Instance instance = i % 2 == 0 ? Gql.service() : second.gql();
                pending.add(pool.submit(() -> {
                    go.await();
                    return instance.query(TOKEN_ALICE, topic(id));
                }));
            }
            go.countDown();
            for (Future<JsonPath> answer : pending) {
                answers.add(answer.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        String title = data().topicDetail(id).orElseThrow().getString("title");
        for (JsonPath answer : answers) {
            assertEquals(title, answer.getString("data.topic.title"), answer::prettify);
        }
        assertEquals(1, counters().countPath("GET", "/topics/" + id), "one fetch for both instances");
        Thread.sleep(200); // the lock goes just after the answers
        assertEquals(List.of(), sharedKeys().stream().filter(k -> k.endsWith(":lock")).toList(), "no lock left behind");
    }

    @Test
    @Order(3)
    void aQueryPersistedThroughOneInstanceRunsByHashOnTheOther() {
        long id = data().topicIds().get(2);
        String query = "{ topic(id: \"" + id + "\") { title } }";
        String hash = sha256(query);
        Map<String, Object> extensions = Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
        JsonPath registered = Gql.service().base().get().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + TOKEN_ALICE)
                .body(Map.of("query", query, "extensions", extensions))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertTrue(Gql.noErrors(registered), registered::prettify);
        JsonPath byHash = second.gql().base().get().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + TOKEN_BOB)
                .body(Map.of("extensions", extensions))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertEquals(registered.getString("data.topic.title"), byHash.getString("data.topic.title"), byHash::prettify);
        assertEquals(1, counters().countPath("GET", "/topics/" + id));
    }

    @Test
    @Order(4)
    void aNotificationDeletedThroughOneInstanceIsGoneFromTheOtherWithin100Ms() throws Exception {
        String id = String.valueOf(data().addNotification(TOKEN_BOB)); // its own: others delete theirs
        assertTrue(second.gql().query(TOKEN_BOB, NOTIFICATIONS).getList("data.viewer.notifications.items.id").contains(id));
        assertTrue(Gql.query(TOKEN_BOB, NOTIFICATIONS).getList("data.viewer.notifications.items.id").contains(id));
        assertTrue(second.gql().query(TOKEN_BOB, NOTIFICATIONS).getList("data.viewer.notifications.items.id").contains(id));
        assertEquals(1, counters().count("GET /notifications"), "one fetch for both instances");

        JsonPath deleted = Gql.query(TOKEN_BOB, "mutation { deleteNotification(id: \"" + id + "\") { deletedId } }");
        assertTrue(Gql.noErrors(deleted), deleted::prettify);
        Thread.sleep(100);

        JsonPath onB = second.gql().query(TOKEN_BOB, NOTIFICATIONS);
        assertTrue(Gql.noErrors(onB), onB::prettify);
        assertFalse(onB.getList("data.viewer.notifications.items.id").contains(id), onB::prettify);
        assertEquals(2, counters().count("GET /notifications"), "B fetched the list again, once");
    }

    @Test
    @Order(5)
    void twoInstancesTogetherNeverSendMoreThanTheUpstreamSaidRemains() throws Exception {
        int limit = 40;
        int reserve = Service.settings().quota().reserve();
        behaviour().rateLimit(limit).rateWindow(Duration.ofMinutes(5));
        Thread.sleep(200); // late answers of an earlier window (see SharesTest)
        bothInstancesFresh();
        List<Long> ids = data().topicIds();
        // Each instance learns the budget from an answer of its own.
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topic(ids.get(0)))));
        assertTrue(Gql.noErrors(second.gql().query(TOKEN_BOB, topic(ids.get(1)))));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<JsonPath> answers = new ArrayList<>();
        try {
            List<Future<JsonPath>> pending = new ArrayList<>();
            for (int i = 0; i < 2 * limit; i++) {
                Gql.Instance instance = i % 2 == 0 ? Gql.service() : second.gql();
                String query = topic(ids.get(2 + i));
                pending.add(pool.submit(() -> instance.query(TOKEN_ALICE, query)));
            }
            for (Future<JsonPath> answer : pending) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(limit - reserve, counters().total(), "public misses stop at the reserve of the one budget");
        assertEquals(limit - reserve - 2, answers.stream().filter(Gql::noErrors).count());
        assertTrue(answers.stream().filter(a -> !Gql.noErrors(a)).allMatch(a -> Gql.codes(a).equals(List.of("RATE_LIMITED"))),
                "the rest are refused, typed");
    }

    @Test
    @Order(6)
    void aMasterKilledUnderLoadCostsNoAnswerACachedCopyCouldGive() throws Exception {
        List<Long> ids = data().topicIds();
        List<Long> warm = ids.subList(0, 10);
        for (long id : warm) {
            assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topic(id))));
            assertTrue(Gql.noErrors(second.gql().query(TOKEN_ALICE, topic(id))));
        }
        assertEquals(10, counters().total(), "the second instance found them in Redis");

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        // Cold topics too, each instance its own: while Redis is away two instances cannot share a fetch.
        List<AtomicInteger> cold = List.of(new AtomicInteger(), new AtomicInteger());
        int coldPerInstance = (ids.size() - 10) / 2;
        long endsAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int side = t % 2;
                Gql.Instance instance = side == 0 ? Gql.service() : second.gql();
                running.add(pool.submit(() -> {
                    for (int n = 0; System.nanoTime() < endsAt; n++) {
                        int k = n % 4 == 3 ? cold.get(side).getAndIncrement() : coldPerInstance;
                        long id = k < coldPerInstance ? ids.get(10 + 2 * k + side) : warm.get(n % warm.size());
                        // Gql checks for HTTP 200: a 5xx ends the test here.
                        JsonPath r = instance.query(TOKEN_ALICE, topic(id));
                        if (Gql.noErrors(r)) {
                            answered.incrementAndGet();
                        } else {
                            failures.add(r.getString("errors[0].extensions.code") + ": " + r.getString("errors[0].message"));
                        }
                        Thread.sleep(5);
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            killAMaster();
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            pool.shutdownNow();
            heal();
        }
        assertEquals(List.of(), List.copyOf(failures), "nothing fails that would not fail without Redis");
        assertTrue(answered.get() > 200, "the load ran: " + answered.get());
        int coldAsked = cold.stream().mapToInt(c -> Math.min(c.get(), coldPerInstance)).sum();
        assertTrue(coldAsked > 20, "cold topics were asked for: " + coldAsked);
        assertEquals(10 + coldAsked, counters().total(), "warm topics cost nothing more; each cold one one call");
    }

    private static String topic(long id) {
        return "{ topic(id: \"" + id + "\") { title } }";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
