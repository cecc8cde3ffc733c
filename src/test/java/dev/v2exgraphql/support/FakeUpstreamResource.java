package dev.v2exgraphql.support;

import java.util.Map;

import dev.v2exgraphql.demo.FakeV2exServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the fake V2EX API and a real redis-server on free loopback ports, in the test JVM, and
 * points the service at both by configuration, which also reaches a service launched as its own
 * process (integration tests: the packaged jar or a native binary). Tests reach them through {@link #fake()} and {@link #redis()} to steer
 * faults, read call counters and inspect or stop Redis.
 */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeV2exServer fake;
    private static volatile RedisServerProcess redis;
    private boolean useRedis = true;

    @Override
    public void init(Map<String, String> initArgs) {
        useRedis = !"false".equals(initArgs.get("redis"));
    }

    public static FakeV2exServer fake() {
        return fake;
    }

    public static RedisServerProcess redis() {
        return redis;
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
        return serviceConfig(useRedis);
    }

    /** What points a service at the running fake (and Redis, or none); also for a {@link SecondInstance}. */
    public static Map<String, String> serviceConfig(boolean useRedis) {
        return Map.of(
                "quarkus.redis.hosts", useRedis ? redis.url() : "",
                "v2ex.api.base-url", fake.baseUrl(),
                "v2ex.api.site-url", "https://www.v2ex.com",
                "v2ex.demo.enabled", "false",
                // The reset routes each test starts with (test-only; see TestSupportRoutes).
                "v2ex.test-support.enabled", "true");
    }

    @Override
    public void stop() {
        // Kept for the next test class: one fake for the whole run, reset by each test's setup.
    }
}
