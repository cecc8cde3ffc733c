package dev.v2exgraphql;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same shares kept in process, when no Redis is configured. */
@QuarkusTest
@TestProfile(SharesWithoutRedisTest.WithoutRedis.class)
class SharesWithoutRedisTest extends SharesTest {

    public static class WithoutRedis extends SharesTest.Shares {
        @Override
        Map<String, String> redisArgs() {
            return Map.of("redis", "false");
        }
    }
}
