package dev.v2exgraphql.support;

import static dev.v2exgraphql.support.RedisServerProcess.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Sentinel set on loopback for tests: one master, one replica and three sentinels (quorum 2)
 * watching master {@value #MASTER_NAME}, with short timeouts so that a failover after
 * {@link #killMaster()} completes within seconds. Point a client at it with
 * {@code quarkus.redis.client-type=sentinel}, {@code quarkus.redis.master-name=v2ex} and
 * {@code quarkus.redis.hosts=}{@link #hosts()}. Close it to kill every process and delete its files.
 */
public final class RedisSentinelSet implements AutoCloseable {

    public static final String MASTER_NAME = "v2ex";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final List<RedisServerProcess> servers;
    private final List<RedisServerProcess> sentinels;
    private final Thread cleanup = new Thread(this::close, "redis-sentinel-set-cleanup");
    private int killedMasterPort = -1;

    private RedisSentinelSet(Path dir) {
        this.dir = dir;
        List<Integer> ports = RedisServerProcess.freePorts(5);
        RedisServerProcess master = newServer(ports.get(0));
        RedisServerProcess replica = newServer(ports.get(1), "--replicaof", "127.0.0.1", String.valueOf(master.port()));
        this.servers = List.of(master, replica);
        this.sentinels = ports.subList(2, 5).stream()
                .map(port -> RedisServerProcess.sentinel(port, sentinelConfig(port, master.port()))).toList();
    }

    /** Starts the set and returns once a failover could work: replica in sync, sentinels know each other. */
    public static RedisSentinelSet start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("redis-sentinel-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisSentinelSet set;
        try {
            set = new RedisSentinelSet(dir);
        } catch (RuntimeException e) {
            // No process yet (e.g. no redis-server found), but the work directory already exists.
            RedisServerProcess.deleteTree(dir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(set.cleanup);
        try {
            set.startAll();
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }

    private void startAll() {
        RedisServerProcess master = servers.get(0);
        RedisServerProcess replica = servers.get(1);
        master.start();
        replica.start();
        // Sentinels learn of replicas from the master's INFO, which they re-read only every 10 s: start
        // them once the replica is attached, so their first INFO already lists it.
        await("the replica to sync with the master", START_TIMEOUT,
                () -> RedisServerProcess.text(master.port(), "INFO", "replication").contains("connected_slaves:1")
                        && RedisServerProcess.text(replica.port(), "INFO", "replication")
                                .contains("master_link_status:up"));
        sentinels.forEach(RedisServerProcess::start);
        for (RedisServerProcess sentinel : sentinels) {
            await("sentinel " + sentinel.port() + " to see the other sentinels and the replica", START_TIMEOUT,
                    () -> healthy(sentinel.port(), "sentinels", "sentinel") == 2
                            && healthy(sentinel.port(), "replicas", "slave") == 1);
        }
    }

    /** The three sentinels, comma-separated, as {@code quarkus.redis.hosts} takes them. */
    public String hosts() {
        return sentinels.stream().map(RedisServerProcess::url).collect(Collectors.joining(","));
    }

    public List<Integer> sentinelPorts() {
        return sentinels.stream().map(RedisServerProcess::port).toList();
    }

    /** The master as the (first answering) sentinel reports it. */
    public int currentMasterPort() {
        for (RedisServerProcess sentinel : sentinels) {
            int port = masterPortSeenBy(sentinel.port());
            if (port > 0) {
                return port;
            }
        }
        throw new IllegalStateException("no sentinel reports a master for " + MASTER_NAME);
    }

    /** The data servers other than the current master that are running: the replica, before a failover. */
    public List<Integer> replicaPorts() {
        int master = currentMasterPort();
        return servers.stream().filter(RedisServerProcess::running).map(RedisServerProcess::port)
                .filter(port -> port != master).toList();
    }

    /** Crashes the current master (SIGKILL); {@link #awaitFailover} then waits for its successor. */
    public void killMaster() {
        int master = currentMasterPort();
        killedMasterPort = master;
        serverOn(master).kill();
    }

    /**
     * Waits until every running sentinel names a new master and that server answers ROLE as a master;
     * all of them, so that a client asking any sentinel finds the same one. Returns its port.
     */
    public int awaitFailover(Duration timeout) {
        int killed = killedMasterPort;
        await("the sentinels to fail over from port " + killed, timeout, () -> {
            List<Integer> seen = sentinels.stream().filter(RedisServerProcess::running)
                    .map(sentinel -> masterPortSeenBy(sentinel.port())).distinct().toList();
            return seen.size() == 1 && seen.get(0) > 0 && seen.get(0) != killed && isMaster(seen.get(0));
        });
        return currentMasterPort();
    }

    public void flushAll() {
        serverOn(currentMasterPort()).flushAll();
    }

    /** All keys on the current master. */
    public List<String> keys() {
        return RedisServerProcess.keys(currentMasterPort());
    }

    /** A command to any process of the set (master, replica or sentinel); the raw reply, null without one. */
    public String command(int port, String... args) {
        return RedisServerProcess.command(port, args);
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServerProcess::kill);
        servers.forEach(RedisServerProcess::kill);
        RedisServerProcess.deleteTree(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Already shutting down (this is the hook running), or closed twice: nothing left to undo.
        }
    }

    private RedisServerProcess newServer(int port, String... replicaOptions) {
        Path work = workDir("server-" + port);
        // Diskless sync with no delay: replicas attach at once instead of after Redis 7's 5 s default.
        List<String> options = Stream.concat(
                Stream.of("--dir", work.toString(), "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"),
                Stream.of(replicaOptions)).toList();
        return RedisServerProcess.withOptions(port, options.toArray(String[]::new));
    }

    private RedisServerProcess serverOn(int port) {
        return servers.stream().filter(server -> server.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no server of the set on port " + port));
    }

    private Path sentinelConfig(int port, int masterPort) {
        Path config = workDir("sentinel-" + port).resolve("sentinel.conf");
        String text = String.join("\n",
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 3000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                "");
        try {
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private Path workDir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int masterPortSeenBy(int sentinelPort) {
        try {
            return RedisServerProcess.call(sentinelPort, "SENTINEL", "get-master-addr-by-name", MASTER_NAME)
                    instanceof List<?> address && address.size() == 2 ? Integer.parseInt(String.valueOf(address.get(1)))
                    : -1;
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    private static boolean isMaster(int port) {
        try {
            return RedisServerProcess.call(port, "ROLE") instanceof List<?> role && "master".equals(role.get(0));
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * How many of the sentinels or replicas a sentinel lists for the master carry exactly the expected
     * flags: a peer still flagged {@code s_down} or {@code disconnected} would not help a failover.
     */
    private static long healthy(int sentinelPort, String what, String flags) {
        try {
            return RedisServerProcess.call(sentinelPort, "SENTINEL", what, MASTER_NAME) instanceof List<?> entries
                    ? entries.stream().filter(entry -> flags.equals(field(entry, "flags"))).count() : -1;
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    /** A field of a SENTINEL reply entry, which RESP2 sends as a flat list of names and values. */
    private static String field(Object entry, String name) {
        if (entry instanceof List<?> pairs) {
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                if (name.equals(pairs.get(i))) {
                    return String.valueOf(pairs.get(i + 1));
                }
            }
        }
        return null;
    }
}
