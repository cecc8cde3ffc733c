package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.SecondInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;

/**
 * Two instances of the packaged service on one Redis and one fake upstream, as two pods: Redis
 * trouble is never upstream trouble (a write seen by the other at once is part of
 * {@link RedisKindContract}, which {@link StandaloneRedisIT} runs on the same Redis).
 */
@QuarkusIntegrationTest
@WithTestResource(FakeUpstreamResource.class)
class MultiInstanceIT extends FakeUpstreamTest {

    private static SecondInstance second;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        // A Redis timeout longer than the upstream's (1 s in tests): waiting for Redis must still
        // not count as the upstream being slow.
        second = SecondInstance.start(Map.of("v2ex.cache.redis-timeout", "1500ms"));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @BeforeEach
    void resetSecond() throws InterruptedException {
        second.reset();
        second.awaitRedisUsable();
    }

    @Test
    void redisKilledAndRestartedUnderLoadFailsNoQueryAndCostsOnlyTheColdCalls() throws Exception {
        List<Long> ids = data().topicIds();
        List<Long> warm = ids.subList(0, 10);
        for (long id : warm) {
            assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topic(id))));
            assertTrue(Gql.noErrors(second.gql().query(TOKEN_ALICE, topic(id))));
        }
        assertEquals(10, counters().total(), "the second instance found them in Redis");

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        // Cold topics: each instance its own (while Redis is away, two instances cannot share a fetch).
        List<AtomicInteger> cold = List.of(new AtomicInteger(), new AtomicInteger());
        int coldPerInstance = (ids.size() - 10) / 2;
        int threads = 8;
        long started = System.nanoTime();
        long endsAt = started + TimeUnit.SECONDS.toNanos(7);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    int side = thread % 2;
                    Gql.Instance instance = side == 0 ? Gql.service() : second.gql();
                    for (int n = 0; System.nanoTime() < endsAt; n++) {
                        // Every third query a topic nobody asked for yet, while there are any.
                        int k = n % 3 == 2 ? cold.get(side).getAndIncrement() : coldPerInstance;
                        long id = k < coldPerInstance ? ids.get(10 + 2 * k + side) : warm.get(n % warm.size());
                        JsonPath r = instance.query(TOKEN_ALICE, topic(id));
                        if (Gql.noErrors(r)) {
                            answered.incrementAndGet();
                        } else {
                            failures.add(r.getString("errors[0].extensions.code") + ": " + r.getString("errors[0].message"));
                        }
                        sleepQuietly(5);
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            redis().kill();
            Thread.sleep(1000);
            redis().start(); // the same port, empty: as a restarted pod without persistence
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), List.copyOf(failures), "nothing fails that would not fail without Redis");
        assertTrue(answered.get() > 200, "the load ran: " + answered.get());
        int coldAsked = cold.stream().mapToInt(c -> Math.min(c.get(), coldPerInstance)).sum();
        assertTrue(coldAsked > 50, "cold topics were asked for: " + coldAsked);
        assertEquals(10 + coldAsked, counters().total(),
                "warm topics answered from the in-process tier throughout; each cold one cost one call");
    }

    @Test
    void aHungRedisIsNotASlowUpstream() throws Exception {
        List<Long> ids = data().topicIds();
        assertTrue(Gql.noErrors(second.gql().query(TOKEN_ALICE, topic(ids.get(0))))); // budget and token known
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger(1);
        long endsAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < endsAt) {
                        int i = next.getAndIncrement();
                        JsonPath r = second.gql().query(TOKEN_ALICE, topic(ids.get(i % ids.size())));
                        if (!Gql.noErrors(r)) {
                            failures.add(r.getString("errors[0].extensions.code") + ": " + r.getString("errors[0].message"));
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(500);
            redis().pause(); // connections stay open; commands wait for the Redis timeout
            Thread.sleep(4000);
            redis().resume();
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            redis().resume();
            pool.shutdownNow();
        }
        assertEquals(List.of(), List.copyOf(failures), "waiting for Redis is not the upstream failing");
    }

    private static String topic(long id) {
        return "{ topic(id: \"" + id + "\") { title } }";
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
