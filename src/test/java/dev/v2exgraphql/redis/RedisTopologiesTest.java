package dev.v2exgraphql.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.RedisClusterSet;
import dev.v2exgraphql.support.RedisSentinelSet;

/**
 * The Sentinel set and the cluster that Redis topology tests run against really behave as Redis does:
 * replication and failover, slot ownership and redirects. Plain JUnit, no Quarkus.
 */
class RedisTopologiesTest {

    @Test
    void sentinelsReplicateAndFailOverToTheReplica() {
        try (RedisSentinelSet sentinels = RedisSentinelSet.start()) {
            int master = sentinels.currentMasterPort();
            List<Integer> replicas = sentinels.replicaPorts();
            assertEquals(1, replicas.size());
            assertEquals(3, sentinels.hosts().split(",").length);

            assertEquals("+OK", sentinels.command(master, "SET", "greeting", "hello"));
            eventually("the replica to have the key", () -> "$5\r\nhello".equals(
                    sentinels.command(replicas.get(0), "GET", "greeting")));
            assertTrue(sentinels.command(replicas.get(0), "SET", "x", "1").startsWith("-READONLY"),
                    "a replica refuses writes");

            sentinels.killMaster();
            int promoted = sentinels.awaitFailover(Duration.ofSeconds(15));
            assertNotEquals(master, promoted);
            assertEquals(replicas.get(0), promoted);
            assertEquals("+OK", sentinels.command(promoted, "SET", "after", "failover"));
            assertTrue(sentinels.keys().containsAll(List.of("greeting", "after")), "replicated data survives");
        }
    }

    @Test
    void clusterCoversEverySlotAndRedirectsToTheOwner() {
        assertEquals(12182, RedisClusterSet.slotOf("foo"));
        assertEquals(RedisClusterSet.slotOf("{user1000}.following"), RedisClusterSet.slotOf("{user1000}.followers"));

        try (RedisClusterSet cluster = RedisClusterSet.start()) {
            List<Integer> ports = cluster.ports();
            assertEquals(3, ports.size());
            for (int port : ports) {
                String info = cluster.command(port, "CLUSTER", "INFO");
                assertTrue(info.contains("cluster_slots_ok:16384"), info);
                assertTrue(info.contains("cluster_known_nodes:3"), info);
            }
            // The edge cases of hash tags, checked against Redis itself: empty tag, second tag, unclosed tag.
            for (String key : List.of("foo", "{user1000}.following", "{}foo", "foo{}{bar}", "foo{{bar}}", "a{b", "é")) {
                assertEquals(":" + RedisClusterSet.slotOf(key), cluster.command(ports.get(0), "CLUSTER", "KEYSLOT", key),
                        key);
            }

            int owner = cluster.portOwning("foo");
            int other = ports.stream().filter(port -> port != owner).findFirst().orElseThrow();
            assertEquals("+OK", cluster.command(owner, "SET", "foo", "bar"));
            assertEquals("-MOVED 12182 127.0.0.1:" + owner, cluster.command(other, "SET", "foo", "baz"));
            assertEquals(List.of("foo"), cluster.keysEverywhere());

            cluster.killNode(owner);
            for (int port : ports) {
                if (port != owner) {
                    assertEquals("+PONG", cluster.command(port, "PING"));
                }
            }

            cluster.restartNode(owner);
            assertEquals("+OK", cluster.command(owner, "SET", "foo", "again"));
            cluster.flushAll();
            assertEquals(List.of(), cluster.keysEverywhere());
        }
    }

    private static void eventually(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
