package dev.v2exgraphql.demo;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_CAROL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.FakeBehaviour.FaultKind;
import dev.v2exgraphql.v2ex.Endpoint;
import io.vertx.core.json.JsonObject;

/**
 * The tests' fake: everything {@link DemoApiContract} asks of the demo (with the fake's default
 * behaviour), and what the fake adds in front of the demo's routes: several event loops, call
 * counters, the rate limit's knobs, faults and latency.
 */
class FakeV2exServerTest extends DemoApiContract {

    private FakeV2exServer fake;

    @Override
    protected String start(DemoData data) {
        fake = new FakeV2exServer(vertx, data, new FakeBehaviour(), new CallCounters());
        fake.start("127.0.0.1", 0);
        return fake.baseUrl();
    }

    @Override
    protected void stop() {
        fake.stop();
    }

    // ---------------------------------------------------------------- the benchmark's knobs

    @Test
    void anyTokenButInventedOnesCountedByKindAndARateLimitSetOverHttp() throws Exception {
        fake.acceptAnyToken(true);
        assertEquals(200, get("topics/1000", "user-17").statusCode());
        assertEquals(401, get("topics/1000", "invented-1-1").statusCode());
        assertEquals(200, get("topics/1001", "greedy-1").statusCode());
        String origin = fake.baseUrl().substring(0, fake.baseUrl().indexOf("/api/"));
        JsonObject counted = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(origin + "/_fake/counters")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(new JsonObject().put("user", 1).put("invented", 1).put("greedy", 1), counted.getJsonObject("byTokenKind"));

        assertEquals(204, http.send(HttpRequest.newBuilder(URI.create(origin + "/_fake/rate-limit?limit=2&window-seconds=60"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> first = get("topics/1000", "user-17");
        assertEquals("2", first.headers().firstValue("X-Rate-Limit-Limit").orElseThrow());
        assertEquals(200, get("topics/1000", "user-17").statusCode());
        assertEquals(429, get("topics/1000", "user-17").statusCode(), "the third of a limit of 2");
    }

    // ---------------------------------------------------------------- event loops

    @Test
    void onSeveralEventLoopsItServesConcurrentCallsOnOnePortAndStopsThemAll() throws Exception {
        FakeV2exServer shared = new FakeV2exServer(vertx);
        assertThrows(IllegalArgumentException.class, () -> shared.start("127.0.0.1", 0, 3));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertEquals(port, shared.start("127.0.0.1", port, 3));
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(shared.baseUrl() + "topics/1000"))
                        .header("Authorization", "Bearer " + TOKEN_ALICE).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertEquals(200, call.get(10, TimeUnit.SECONDS).statusCode());
            }
            assertEquals(12, shared.counters().count("GET /topics/:id"));
        } finally {
            shared.stop();
        }
        assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v2/topics/1000")).build(), HttpResponse.BodyHandlers.ofString()),
                "every server sharing the port is closed");
    }

    @Test
    void startRefusesToRunTwiceAndBaseUrlIsLoopback() {
        assertEquals("http://127.0.0.1:" + fake.port() + "/api/v2/", fake.baseUrl());
        assertNotEquals(0, fake.port());
        assertThrows(IllegalStateException.class, () -> fake.start("127.0.0.1", 0));
    }
    // ---------------------------------------------------------------- unmatched requests

    @Test
    void unknownPathIs404() throws Exception {
        assertFailure(get("no/such/endpoint", TOKEN_ALICE), 404, null);
        assertFailure(post("member", TOKEN_ALICE, "{}"), 404, null);
        assertEquals(2, fake.counters().count(CallCounters.UNMATCHED));
    }

    // ---------------------------------------------------------------- rate limit knobs

    @Test
    void exhaustedQuotaAnswers429WithRetryAfterUntilTheWindowResets() throws Exception {
        fake.behaviour().rateLimit(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("member", i % 2 == 0 ? TOKEN_ALICE : TOKEN_BOB).statusCode());
        }
        HttpResponse<String> limited = get("member", TOKEN_CAROL); // shared by all tokens
        assertFailure(limited, 429, null);
        assertEquals("0", limited.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertEquals("3", limited.headers().firstValue("X-Rate-Limit-Limit").orElseThrow());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 3600);
        assertEquals(4, fake.counters().count(CallCounters.key(Endpoint.MEMBER))); // limited calls are recorded too

        fake.behaviour().resetRateWindow();
        HttpResponse<String> again = get("member", TOKEN_CAROL);
        assertEquals(200, again.statusCode());
        assertEquals("2", again.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
    }

    @Test
    void exhaustedQuotaCanAnswer403() throws Exception {
        fake.behaviour().rateLimit(1).exhaustedStatus(403);
        assertEquals(200, get("member", TOKEN_ALICE).statusCode());
        HttpResponse<String> limited = get("member", TOKEN_ALICE);
        assertFailure(limited, 403, null);
        assertEquals("0", limited.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        assertTrue(limited.headers().firstValue("Retry-After").isEmpty());
    }

    @Test
    void quotaComesBackWhenTheWindowRollsOver() throws Exception {
        fake.behaviour().rateWindow(Duration.ofMillis(800)).resetRateWindow().rateLimit(1);
        assertEquals(200, get("member", TOKEN_ALICE).statusCode());
        assertEquals(429, get("member", TOKEN_ALICE).statusCode());
        Thread.sleep(1000);
        assertEquals(200, get("member", TOKEN_ALICE).statusCode());
    }

    @Test
    void disabledRateLimitNeverRefuses() throws Exception {
        fake.behaviour().rateLimit(1).rateLimitEnabled(false);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get("member", TOKEN_ALICE);
            assertEquals(200, r.statusCode());
            assertEquals(String.valueOf(FakeBehaviour.UNLIMITED),
                    r.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        }
    }

    // ---------------------------------------------------------------- faults and latency

    @Test
    void fault500IsAnHtmlPage() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.HTTP_500);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(500, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(r.headers().firstValue("X-Rate-Limit-Remaining").isPresent());
    }

    @Test
    void faultHangNeverAnswers() {
        fake.behaviour().faultRate(1).faultKind(FaultKind.HANG);
        HttpRequest req = request("member", TOKEN_ALICE).timeout(Duration.ofMillis(500)).GET().build();
        assertThrows(HttpTimeoutException.class, () -> http.send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, fake.counters().count(CallCounters.key(Endpoint.MEMBER)));
    }

    @Test
    void faultResetDropsTheConnection() {
        fake.behaviour().faultRate(1).faultKind(FaultKind.RESET);
        IOException e = assertThrows(IOException.class, () -> get("topics/1000", TOKEN_ALICE));
        assertFalse(e instanceof HttpTimeoutException);
    }

    @Test
    void faultSlowAnswersNormallyAfterTheDelay() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.SLOW).slowDelay(Duration.ofMillis(300));
        long start = System.nanoTime();
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertEquals("alice", json(r).getJsonObject("result").getString("username"));
        assertTrue(ms >= 300, "took " + ms + " ms");
    }

    @Test
    void faultHtml403IsACdnChallenge() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.HTML_403);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(r.body().contains("<html"));
    }

    @Test
    void faultSuccessFalse200() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.SUCCESS_FALSE_200);
        assertFailure(get("member", TOKEN_ALICE), 200, "Something went wrong");
    }

    @Test
    void faultNonJson200() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.NON_JSON_200);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertThrows(RuntimeException.class, () -> new JsonObject(r.body()));
    }

    @Test
    void faultRedirectPointsElsewhereAndCountsFollowers() throws Exception {
        fake.behaviour().faultRate(1).faultKind(FaultKind.REDIRECT);
        HttpResponse<String> r = get("member", TOKEN_ALICE);
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://127.0.0.1:" + fake.port() + "/"));
        assertFalse(location.contains("/api/v2/"));
        assertEquals(0, fake.counters().redirectTargetHits());

        // A client following it without the Authorization header: counted, token null.
        HttpResponse<String> followed = http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, followed.statusCode());
        assertEquals(1, fake.counters().redirectTargetHits());
        CallCounters.RecordedCall hit = fake.counters().calls().get(1);
        assertEquals(CallCounters.REDIRECT_TARGET, hit.endpoint());
        assertNull(hit.token());
    }

    @Test
    void faultRateIsDeterministicAndCanTargetOneEndpoint() throws Exception {
        fake.behaviour().faultRate(0.5).faultKind(FaultKind.HTTP_500).faultOnly(CallCounters.key(Endpoint.TOPIC));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get("topics/1000", TOKEN_ALICE).statusCode());
            assertEquals(200, get("nodes/python", TOKEN_ALICE).statusCode()); // other endpoints unaffected
        }
        assertEquals(List.of(200, 500, 200, 500), statuses);

        fake.behaviour().reset();
        assertEquals(200, get("topics/1000", TOKEN_ALICE).statusCode());
    }

    @Test
    void latencyDelaysEveryResponse() throws Exception {
        fake.behaviour().latency(Duration.ofMillis(250));
        for (String path : List.of("member", "no/such/path")) {
            long start = System.nanoTime();
            get(path, TOKEN_ALICE);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 250, path + " took " + ms + " ms");
        }
        long start = System.nanoTime();
        assertEquals(401, get("member", null).statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 250);
    }

    // ---------------------------------------------------------------- counters

    @Test
    void countersRecordTemplateKeysPathsTokensAndUserAgent() throws Exception {
        CallCounters c = fake.counters();
        get("nodes/python/topics?p=2", TOKEN_ALICE);
        get("nodes/apple/topics", TOKEN_ALICE);
        get("topics/1000", TOKEN_BOB);
        get("topics/1000", TOKEN_BOB);
        get("topics/1001/replies", TOKEN_BOB);
        get("member", null);
        get("notifications", TOKEN_CAROL);
        delete("notifications/1", TOKEN_CAROL);
        get("token", TOKEN_CAROL);
        post("tokens", TOKEN_CAROL, "{}");
        get("nodes/python", TOKEN_ALICE);
        post("topics/1000/set-sticky", TOKEN_ALICE, null);
        post("topics/1000/boost", TOKEN_ALICE, null);

        assertEquals(13, c.total());
        assertEquals(2, c.count("GET /nodes/:name/topics"));
        assertEquals(2, c.count("GET /topics/:id"));
        for (String key : List.of("GET /topics/:id/replies", "GET /member", "GET /notifications",
                "DELETE /notifications/:id", "GET /token", "POST /tokens", "GET /nodes/:name",
                "POST /topics/:id/set-sticky", "POST /topics/:id/boost")) {
            assertEquals(1, c.count(key), key);
        }
        assertEquals(2, c.countPath("GET", "/topics/1000"));
        assertEquals(1, c.countPath("GET", "/nodes/python/topics"));
        assertEquals(5, c.countByToken(TOKEN_ALICE));
        assertEquals(3, c.countByToken(TOKEN_BOB));
        assertEquals(4, c.countByToken(TOKEN_CAROL));
        assertEquals(1, c.countByToken(null));

        CallCounters.RecordedCall first = c.calls().get(0);
        assertEquals("GET", first.method());
        assertEquals("/nodes/python/topics", first.path());
        assertEquals("p=2", first.query());
        assertEquals(UA, first.userAgent());
        assertTrue(c.calls().get(1).startedAtNanos() >= first.startedAtNanos());

        c.reset();
        assertEquals(0, c.total());
        assertEquals(0, c.maxInFlight("GET /topics/:id"));
    }

    @Test
    void maxInFlightShowsConcurrentRequests() throws Exception {
        fake.behaviour().latency(Duration.ofMillis(500));
        List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
        for (long id = 1000; id < 1005; id++) {
            batch.add(http.sendAsync(request("topics/" + id, TOKEN_ALICE).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : batch) {
            assertEquals(200, f.get(10, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(5, fake.counters().maxInFlight(CallCounters.key(Endpoint.TOPIC)));
        awaitNothingInFlight(CallCounters.key(Endpoint.TOPIC));

        // Sequential calls never overlap.
        fake.counters().reset();
        fake.behaviour().latency(Duration.ZERO);
        get("topics/1000", TOKEN_ALICE);
        awaitNothingInFlight(CallCounters.key(Endpoint.TOPIC));
        get("topics/1001", TOKEN_ALICE);
        assertEquals(1, fake.counters().maxInFlight(CallCounters.key(Endpoint.TOPIC)));
    }

    /** The server marks a request finished right after the response is written, which may trail the client. */
    private void awaitNothingInFlight(String endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (fake.counters().inFlight(endpoint) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, fake.counters().inFlight(endpoint));
    }
}
