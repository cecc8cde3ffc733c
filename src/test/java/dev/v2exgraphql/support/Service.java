package dev.v2exgraphql.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;

import dev.v2exgraphql.config.V2exConfig;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.configuration.DurationConverter;
import io.restassured.path.json.JsonPath;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The service under test, reached over HTTP only: the same calls work when it runs in the test JVM
 * ({@code @QuarkusTest}) and when it is the packaged jar or native binary in another process
 * ({@code @QuarkusIntegrationTest}). Resets go through its test-support routes, which the test
 * resource turns on ({@code v2ex.test-support.enabled}).
 */
public final class Service {

    private Service() {
    }

    /** Whether the service runs in this JVM (@QuarkusTest) rather than in its own process (@QuarkusIntegrationTest). */
    public static boolean inThisJvm() {
        return Arc.container() != null;
    }

    /** A bean of the service, for {@link JvmOnly} tests: only where the service shares this JVM. */
    public static <T> T bean(Class<T> type) {
        if (!inThisJvm()) {
            throw new IllegalStateException("the service runs in another process: mark the test @JvmOnly");
        }
        return Arc.container().instance(type).get();
    }

    /**
     * The service's settings: its own in this JVM; otherwise read here the way the service reads
     * them (the same application.properties, test profile, system properties, environment and the
     * defaults of {@link V2exConfig}).
     */
    public static V2exConfig settings() {
        if (inThisJvm()) {
            return bean(V2exConfig.class);
        }
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().withProfile("test")
                .withConverter(Duration.class, 200, new DurationConverter()) // "2s", as Quarkus reads it
                .withMapping(V2exConfig.class);
        try {
            for (URL file : Collections.list(Service.class.getClassLoader().getResources("application.properties"))) {
                builder.withSources(new PropertiesConfigSource(file, 250));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build().getConfigMapping(V2exConfig.class);
    }

    /** As after a start: empty in-process caches, no budget known, every breaker closed. */
    public static void reset() {
        given().post("/test-support/reset").then().statusCode(204);
    }

    /** Empties the in-process tier (and whole-answer cache), so the next read goes to Redis. */
    public static void clearLocalCache() {
        given().post("/test-support/clear-local-cache").then().statusCode(204);
    }

    /** After an outage the cache backs off for a moment; waits (up to 10 s) until it uses Redis again. */
    public static void awaitRedisUsable() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonPath redis = given().get("/test-support/redis").then().statusCode(200).extract().jsonPath();
            if (!redis.getBoolean("configured") || redis.getBoolean("usable")) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** The {@code v2ex-upstream} readiness check: Redis, breakers, quota. */
    public static JsonPath upstreamCheck() {
        return new JsonPath(given().get("/q/health/ready").then().statusCode(200).extract().asString())
                .setRootPath("checks.find { it.name == 'v2ex-upstream' }");
    }
}
