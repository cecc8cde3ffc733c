package dev.v2exgraphql.support;

import static dev.v2exgraphql.support.RedisServerProcess.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Redis Cluster on loopback for tests: three masters, no replicas, the 16384 slots split in three
 * even ranges. Built over plain RESP (CLUSTER MEET, CLUSTER ADDSLOTS) rather than with redis-cli, which
 * the bundled Redis 6.2 fallback does not have. Point a client at it with
 * {@code quarkus.redis.client-type=cluster} and {@code quarkus.redis.hosts=}{@link #hosts()}. A node can be
 * killed and restarted on its port with its node config, so it rejoins with its slots. Close it to kill
 * every node and delete its files.
 */
public final class RedisClusterSet implements AutoCloseable {

    public static final int SLOTS = 16384;

    private static final int NODES = 3;
    private static final int BUS_OFFSET = 10000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final List<RedisServerProcess> nodes;
    private final Thread cleanup = new Thread(this::close, "redis-cluster-set-cleanup");

    private RedisClusterSet(Path dir) {
        this.dir = dir;
        this.nodes = clusterPorts().stream().map(this::newNode).toList();
    }

    /** Starts the nodes, joins them and assigns the slots; returns once every node says cluster_state:ok. */
    public static RedisClusterSet start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisClusterSet set;
        try {
            set = new RedisClusterSet(dir);
        } catch (RuntimeException e) {
            // No process yet (e.g. no redis-server found), but the work directory already exists.
            RedisServerProcess.deleteTree(dir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(set.cleanup);
        try {
            set.form();
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }

    private void form() {
        for (int i = 0; i < NODES; i++) {
            RedisServerProcess node = nodes.get(i);
            node.start();
            // Distinct config epochs up front, as redis-cli does, so that no epoch collision has to be
            // resolved by gossip after the meet.
            expectOk(node.port(), "CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
            List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            // ADDSLOTSRANGE is Redis 7 only; explicit slot lists work on 6.2 as well.
            slotRange(i).mapToObj(String::valueOf).forEach(addSlots::add);
            expectOk(node.port(), addSlots.toArray(String[]::new));
        }
        for (RedisServerProcess other : nodes.subList(1, NODES)) {
            expectOk(nodes.get(0).port(), "CLUSTER", "MEET", "127.0.0.1", String.valueOf(other.port()));
        }
        awaitHealthy(READY_TIMEOUT);
    }

    /** Waits until every running node sees the whole cluster as ok, with all three masters serving slots. */
    public void awaitHealthy(Duration timeout) {
        for (RedisServerProcess node : nodes) {
            if (node.running()) {
                await("cluster node " + node.port() + " to see the cluster ok with " + NODES + " masters", timeout,
                        () -> healthy(node.port()));
            }
        }
    }

    /** The three masters, comma-separated, as {@code quarkus.redis.hosts} takes them. */
    public String hosts() {
        return nodes.stream().map(RedisServerProcess::url).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return nodes.stream().map(RedisServerProcess::port).toList();
    }

    /** The cluster slot of a key: CRC16 (XMODEM) mod 16384, of the {hash tag} when the key has one. */
    public static int slotOf(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int end = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            // An empty tag "{}" does not count: the whole key is hashed then.
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(bytes, start, end) % SLOTS;
    }

    /** The node that serves the key's slot, from the ranges this set assigned (nothing migrates slots). */
    public int portOwning(String key) {
        return nodes.get(Math.min(slotOf(key) / (SLOTS / NODES), NODES - 1)).port();
    }

    /** Crashes a node (SIGKILL); with no replicas its slots stay unserved until {@link #restartNode}. */
    public void killNode(int port) {
        node(port).kill();
    }

    /**
     * Starts a killed node again on its port; it reads its node config file and so rejoins with the same
     * id and slots (but no data: nothing is persisted). Returns once the cluster is ok again everywhere.
     */
    public void restartNode(int port) {
        node(port).start();
        awaitHealthy(READY_TIMEOUT);
    }

    public boolean running(int port) {
        return node(port).running();
    }

    public void flushAll() {
        nodes.forEach(RedisServerProcess::flushAll);
    }

    /** KEYS * on every running node, merged: each key lives on exactly one node. */
    public List<String> keysEverywhere() {
        return nodes.stream().filter(RedisServerProcess::running).flatMap(node -> node.keys().stream()).toList();
    }

    /** KEYS * on one node. */
    public List<String> keysOn(int port) {
        return node(port).keys();
    }

    /** A command to one node (no redirects followed); the raw reply text, null without an answer. */
    public String command(int port, String... args) {
        return RedisServerProcess.command(port, args);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::kill);
        RedisServerProcess.deleteTree(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Already shutting down (this is the hook running), or closed twice: nothing left to undo.
        }
    }

    private RedisServerProcess newNode(int port) {
        Path work;
        try {
            work = Files.createDirectories(dir.resolve("node-" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RedisServerProcess.withOptions(port, "--dir", work.toString(), "--cluster-enabled", "yes",
                "--cluster-config-file", work.resolve("nodes.conf").toString(), "--cluster-node-timeout", "1000");
    }

    private RedisServerProcess node(int port) {
        return nodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster on port " + port));
    }

    /** Slots of node i: 0-5460, 5461-10921, 10922-16383. */
    private static IntStream slotRange(int i) {
        int size = SLOTS / NODES;
        return IntStream.range(i * size, i == NODES - 1 ? SLOTS : (i + 1) * size);
    }

    private static boolean healthy(int port) {
        String info = RedisServerProcess.text(port, "CLUSTER", "INFO");
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_size:" + NODES)) {
            return false;
        }
        long mastersUp = RedisServerProcess.text(port, "CLUSTER", "NODES").lines()
                .filter(line -> line.contains("master") && !line.contains("fail") && line.contains(" connected"))
                .count();
        return mastersUp == NODES;
    }

    /**
     * Ports in 12000-21999 whose cluster bus port (port + 10000) is free as well; random, so that
     * parallel builds on one machine are unlikely to pick the same ones.
     */
    private static List<Integer> clusterPorts() {
        Set<Integer> ports = new LinkedHashSet<>();
        for (int attempt = 0; ports.size() < NODES && attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(12000, 22000);
            if (RedisServerProcess.portFree(port) && RedisServerProcess.portFree(port + BUS_OFFSET)) {
                ports.add(port);
            }
        }
        if (ports.size() < NODES) {
            throw new IllegalStateException("no free port pairs for a cluster in 12000-21999");
        }
        return List.copyOf(ports);
    }

    private static void expectOk(int port, String... command) {
        Object reply = RedisServerProcess.call(port, command);
        if (!"OK".equals(reply)) {
            throw new IllegalStateException(command[0] + " " + command[1] + " on " + port + " answered " + reply);
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as Redis Cluster specifies. */
    private static int crc16(byte[] bytes, int start, int end) {
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }
}
