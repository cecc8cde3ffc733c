package dev.v2exgraphql.support;

import java.util.Map;

import dev.v2exgraphql.demo.FakeV2exServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the fake V2EX API on a free loopback port, in the test JVM, and points the service at it.
 * Tests reach the same instance through {@link #fake()} to steer faults and read call counters.
 */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeV2exServer fake;

    public static FakeV2exServer fake() {
        return fake;
    }

    @Override
    public Map<String, String> start() {
        if (fake == null) {
            FakeV2exServer server = new FakeV2exServer();
            server.start("127.0.0.1", 0);
            fake = server;
        }
        return Map.of(
                "v2ex.api.base-url", fake.baseUrl(),
                "v2ex.api.site-url", "https://www.v2ex.com",
                "v2ex.demo.enabled", "false");
    }

    @Override
    public void stop() {
        // Kept for the next test class: one fake for the whole run, reset by each test's setup.
    }
}
