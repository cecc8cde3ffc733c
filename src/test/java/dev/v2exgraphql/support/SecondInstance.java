package dev.v2exgraphql.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.restassured.path.json.JsonPath;

/**
 * Another instance of the service, from the packaged jar, beside the one an integration test runs:
 * its own process and port, the same fake upstream and Redis, the test profile and the given
 * settings. Two pods of one deployment, as far as the upstream and Redis can tell. Only for
 * {@code *IT} classes: the jar exists once the package phase has run.
 */
public final class SecondInstance implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final int port;
    private final Gql.Instance gql;

    private SecondInstance(Process process, int port) {
        this.process = process;
        this.port = port;
        this.gql = new Gql.Instance(() -> given().baseUri("http://127.0.0.1").port(port));
    }

    /** Starts it and waits (up to 60 s) until it is ready. */
    public static SecondInstance start(Map<String, String> settings) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests with ./mvnw verify");
        }
        int port = freePort();
        Map<String, String> all = new HashMap<>(FakeUpstreamResource.serviceConfig(true));
        all.putAll(settings);
        all.put("quarkus.profile", "test");
        all.put("quarkus.http.port", String.valueOf(port));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Path.of("target/second-instance.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        SecondInstance instance = new SecondInstance(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second instance exited; see " + log);
            }
            if (instance.ready()) {
                return instance;
            }
            Thread.sleep(100);
        }
        instance.close();
        throw new IllegalStateException("the second instance did not get ready in 60 s; see " + log);
    }

    /** GraphQL requests to this instance. */
    public Gql.Instance gql() {
        return gql;
    }

    /** As after a start (see {@link Service#reset()}). */
    public void reset() {
        given().baseUri("http://127.0.0.1").port(port).post("/test-support/reset").then().statusCode(204);
    }

    /** As {@link Service#awaitRedisUsable()}, for this instance. */
    public void awaitRedisUsable() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonPath redis = given().baseUri("http://127.0.0.1").port(port).get("/test-support/redis")
                    .then().statusCode(200).extract().jsonPath();
            if (!redis.getBoolean("configured") || redis.getBoolean("usable")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the second instance did not use Redis again within 10 s");
    }

    private boolean ready() {
        try {
            return given().baseUri("http://127.0.0.1").port(port).get("/q/health/ready").statusCode() == 200;
        } catch (Exception notYet) { // RestAssured throws ConnectException undeclared
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
