package dev.v2exgraphql.demo;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.v2ex.Endpoint;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The demo upstream as {@link DemoUpstream} serves it (the demo's routes behind its own rate
 * limit, no test fake in front): everything {@link DemoApiContract} asks, and its fixed quota.
 */
class DemoApiTest extends DemoApiContract {

    private HttpServer server;

    @Override
    protected String start(DemoData data) {
        Router router = Router.router(vertx);
        new DemoApi(data, new RateLimitGate()).mount(router);
        try {
            server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return "http://127.0.0.1:" + server.actualPort() + DemoApi.PREFIX + "/";
    }

    @Override
    protected void stop() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void routesAreTheEndpointTemplatesInVertxForm() {
        Map<Endpoint, String> routes = new LinkedHashMap<>();
        for (Endpoint endpoint : Endpoint.values()) {
            routes.put(endpoint, DemoApi.route(endpoint));
        }
        assertEquals("/topics/:id", routes.get(Endpoint.TOPIC));
        assertEquals("/topics/:id/set-sticky", routes.get(Endpoint.SET_STICKY));
        assertEquals("/nodes/:name/topics", routes.get(Endpoint.NODE_TOPICS));
        assertEquals("/member", routes.get(Endpoint.MEMBER));
        assertEquals("/notifications/:id", routes.get(Endpoint.DELETE_NOTIFICATION));
        assertEquals(Endpoint.values().length, routes.size());
    }

    @Test
    void everyEndpointIsServedWithItsMethodAndTemplate() throws Exception {
        for (Endpoint endpoint : Endpoint.values()) {
            // A path parameter no endpoint knows: a served route answers its own 404 (or 200 for the
            // lists without one), never the catch-all's "Not found".
            String path = endpoint.template().replaceAll("\\{[^}]+}", "0");
            HttpRequest.BodyPublisher body = endpoint.method() == HttpMethod.POST
                    ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
            HttpResponse<String> r = http.send(request(path, TOKEN_ALICE).method(endpoint.method().name(), body)
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertNotEquals("Not found", json(r).getString("message"), endpoint + ": " + r.body());
        }
    }

    @Test
    void theQuotaIs600AnHourThen429WithRetryAfter() throws Exception {
        for (int sent = 0; sent < RateLimitGate.LIMIT; sent += 50) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(http.sendAsync(request("nodes/v2ex", TOKEN_ALICE).GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : batch) {
                assertEquals(200, call.get(10, TimeUnit.SECONDS).statusCode());
            }
        }
        HttpResponse<String> refused = get("nodes/v2ex", TOKEN_ALICE);
        assertFailure(refused, 429, "Rate limit exceeded");
        assertEquals("600", refused.headers().firstValue("X-Rate-Limit-Limit").orElseThrow());
        assertEquals("0", refused.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertFailure(get("member", null), 429, "Rate limit exceeded"); // before the token check
    }
}
