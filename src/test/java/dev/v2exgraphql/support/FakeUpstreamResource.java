package dev.v2exgraphql.support;

import java.util.HashMap;
import java.util.Map;

import dev.v2exgraphql.demo.FakeV2exServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the fake V2EX API and a real redis-server on free loopback ports, in the test JVM, and
 * points the service at both by configuration, which also reaches a service launched as its own
 * process (integration tests: the packaged jar or a native binary). Tests reach them through {@link #fake()} and {@link #redis()} to steer
 * faults, read call counters and inspect or stop Redis. The init argument {@code redis} picks what
 * the service uses: {@code false} (no Redis), {@code sentinel} (a master, a replica and three
 * sentinels, see {@link #sentinel()}), {@code cluster} (three masters, see {@link #cluster()}), or
 * by default the standalone server. Each is started once and kept for the whole run.
 */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeV2exServer fake;
    private static volatile RedisServerProcess redis;
    private static volatile RedisSentinelSet sentinel;
    private static volatile RedisClusterSet cluster;
    /** The kind of the last started resource: the service that runs now, and its {@link SecondInstance}s, use it. */
    private static volatile String kind = "standalone";
    private String ownKind = "standalone";

    @Override
    public void init(Map<String, String> initArgs) {
        ownKind = initArgs.getOrDefault("redis", "standalone");
        if (!ownKind.matches("false|standalone|sentinel|cluster")) {
            throw new IllegalArgumentException("redis must be false, standalone, sentinel or cluster: " + ownKind);
        }
    }

    public static FakeV2exServer fake() {
        return fake;
    }

    public static RedisServerProcess redis() {
        return redis;
    }

    /** The Sentinel set, once a {@code redis=sentinel} resource has started. */
    public static RedisSentinelSet sentinel() {
        return sentinel;
    }

    /** The Redis Cluster, once a {@code redis=cluster} resource has started. */
    public static RedisClusterSet cluster() {
        return cluster;
    }

    @Override
    public Map<String, String> start() {
        if (fake == null) {
            FakeV2exServer server = new FakeV2exServer();
            server.start("127.0.0.1", 0);
            fake = server;
            RedisServerProcess process = new RedisServerProcess();
            process.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::stop));
            redis = process;
        }
        if ("sentinel".equals(ownKind) && sentinel == null) {
            sentinel = RedisSentinelSet.start(); // closes itself when the JVM exits
        }
        if ("cluster".equals(ownKind) && cluster == null) {
            cluster = RedisClusterSet.start();
        }
        kind = ownKind;
        return serviceConfig(!"false".equals(ownKind));
    }

    /**
     * What points a service at the running fake and at the Redis of the running test class (or
     * none), with the client type and master name Quarkus needs for it; also for a {@link SecondInstance}.
     */
    public static Map<String, String> serviceConfig(boolean useRedis) {
        Map<String, String> config = new HashMap<>(Map.of(
                "v2ex.api.base-url", fake.baseUrl(),
                "v2ex.api.site-url", "https://www.v2ex.com",
                "v2ex.demo.enabled", "false",
                // The reset routes each test starts with (test-only; see TestSupportRoutes).
                "v2ex.test-support.enabled", "true"));
        String redisKind = useRedis ? kind : "false";
        switch (redisKind) {
            case "sentinel" -> {
                config.put("quarkus.redis.hosts", sentinel.hosts());
                config.put("quarkus.redis.client-type", "sentinel");
                config.put("quarkus.redis.master-name", RedisSentinelSet.MASTER_NAME);
            }
            case "cluster" -> {
                config.put("quarkus.redis.hosts", cluster.hosts());
                config.put("quarkus.redis.client-type", "cluster");
            }
            case "false" -> config.put("quarkus.redis.hosts", "");
            default -> {
                config.put("quarkus.redis.hosts", redis.url());
                config.put("quarkus.redis.client-type", "standalone");
            }
        }
        return config;
    }

    @Override
    public void stop() {
        // Kept for the next test class: one fake for the whole run, reset by each test's setup.
    }
}
