package dev.v2exgraphql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.cache.CacheChange;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.telemetry.CacheMetrics;
import dev.v2exgraphql.telemetry.OperationMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;

/** The whole-answer cache's rules, without Quarkus or Redis: what is kept, for how long, and who rebuilds it. */
class AnswerCacheTest {

    private static final String TOKEN = "a-token";

    private final AnswerCache answers = new AnswerCache(1_000_000, Long.MAX_VALUE,
            new CacheMetrics(new SimpleMeterRegistry()), new OperationMetrics(new SimpleMeterRegistry()));

    @Test
    void anAnswerThatRunsOutIsRebuiltByOneRequestWhileTheOthersGetItOrWaitForIt() throws InterruptedException {
        AnswerCache responses = answers;
        ClientRequest call = ClientRequest.from("Bearer " + TOKEN, null, null);
        call.builtFrom(new ClientRequest.Source("node:apple", false, false, 0, 1000)); // fresh for one more second
        responses.offer("GET test", call, body("{\"data\":{}}"));
        assertInstanceOf(AnswerCache.Lookup.Hit.class, responses.lookup("GET test"));

        Thread.sleep(1100);
        AnswerCache.Lookup first = responses.lookup("GET test");
        assertInstanceOf(AnswerCache.Lookup.Build.class, first, "the first request after it ran out rebuilds it");
        assertInstanceOf(AnswerCache.Lookup.Hit.class, responses.lookup("GET test"), "the others are served meanwhile");
        // The rebuild saw data being revalidated: its answer (which says so) is kept for 100 ms only.
        ClientRequest stale = ClientRequest.from("Bearer " + TOKEN, null, null);
        stale.builtFrom(new ClientRequest.Source("node:apple", false, true, 61, 0));
        responses.offer("GET test", stale, body("{\"data\":{},\"extensions\":{\"cache\":{}}}"));
        ((AnswerCache.Lookup.Build) first).done().run();
        AnswerCache.Lookup meanwhile = responses.lookup("GET test");
        assertInstanceOf(AnswerCache.Lookup.Hit.class, meanwhile);
        assertTrue(((AnswerCache.Lookup.Hit) meanwhile).answer().stale());

        Thread.sleep(150);
        AnswerCache.Lookup second = responses.lookup("GET test");
        assertInstanceOf(AnswerCache.Lookup.Build.class, second, "a request rebuilds it again");
        assertInstanceOf(AnswerCache.Lookup.Hit.class, responses.lookup("GET test"), "the others are still served meanwhile");
        Thread.sleep(1000);
        AnswerCache.Lookup late = responses.lookup("GET test");
        assertInstanceOf(AnswerCache.Lookup.Wait.class, late, "past the grace period, the others wait for the rebuild");
        CompletableFuture<Void> rebuilt = ((AnswerCache.Lookup.Wait) late).rebuilt();
        assertFalse(rebuilt.isDone());
        responses.offer("GET test", call, body("{\"data\":{\"again\":true}}"));
        ((AnswerCache.Lookup.Build) second).done().run();
        assertTrue(rebuilt.isDone());
        assertEquals("{\"data\":{\"again\":true}}", responses.afterWait("GET test").body().toString(StandardCharsets.UTF_8));

        // A rebuild that leaves nothing to serve (private data here): the waiters run the query themselves.
        Thread.sleep(2100);
        AnswerCache.Lookup third = responses.lookup("GET test");
        assertInstanceOf(AnswerCache.Lookup.Build.class, third);
        AnswerCache.Lookup waiting = responses.lookup("GET test");
        ClientRequest personal = ClientRequest.from("Bearer " + TOKEN, null, null);
        personal.builtFrom(new ClientRequest.Source("member:alice", true, false, 0, 60_000));
        responses.offer("GET test", personal, body("{\"data\":{\"me\":1}}"));
        ((AnswerCache.Lookup.Build) third).done().run();
        assertTrue(((AnswerCache.Lookup.Wait) waiting).rebuilt().isDone());
        assertNull(responses.afterWait("GET test"));
    }

    @Test
    void keepsOnlyErrorFreeAnswersMadeOfPublicDataAndDropsThemAllOnAnInvalidation() {
        ClientRequest fresh = ClientRequest.from("Bearer " + TOKEN, null, null);
        fresh.builtFrom(new ClientRequest.Source("topic:1", false, false, 0, 60_000));
        answers.offer("GET public", fresh, body("{}"));
        assertInstanceOf(AnswerCache.Lookup.Hit.class, answers.lookup("GET public"));

        ClientRequest failed = ClientRequest.from("Bearer " + TOKEN, null, null);
        failed.builtFrom(new ClientRequest.Source("topic:1", false, false, 0, 60_000));
        failed.markFailed();
        answers.offer("GET failed", failed, body("{}"));
        assertInstanceOf(AnswerCache.Lookup.Build.class, answers.lookup("GET failed"));

        ClientRequest nothing = ClientRequest.from("Bearer " + TOKEN, null, null); // built from no cached data at all
        answers.offer("GET nothing", nothing, body("{}"));
        assertInstanceOf(AnswerCache.Lookup.Build.class, answers.lookup("GET nothing"));

        answers.dataChanged(CacheChange.INVALIDATED);
        assertInstanceOf(AnswerCache.Lookup.Build.class, answers.lookup("GET public"));
    }

    @Test
    void anAnswerBuiltFromStaleDataIsOverOnceNewDataArrived() {
        ClientRequest stale = ClientRequest.from("Bearer " + TOKEN, null, null);
        stale.builtFrom(new ClientRequest.Source("topic:1", false, true, 61, 0));
        answers.offer("GET stale", stale, body("{}"));
        assertInstanceOf(AnswerCache.Lookup.Hit.class, answers.lookup("GET stale"));
        answers.dataChanged(CacheChange.ARRIVED);
        assertInstanceOf(AnswerCache.Lookup.Build.class, answers.lookup("GET stale"));
    }

    @Test
    void httpCachesMayKeepOnlyFreshPublicGetAnswers() {
        ClientRequest fresh = ClientRequest.from("Bearer " + TOKEN, null, null);
        fresh.builtFrom(new ClientRequest.Source("topic:1", false, false, 0, 30_500));
        fresh.builtFrom(new ClientRequest.Source("node:a", false, false, 0, 90_000));
        assertEquals("public, max-age=30", AnswerCache.cacheControl(io.vertx.core.http.HttpMethod.GET, fresh));
        assertEquals("private, no-store", AnswerCache.cacheControl(io.vertx.core.http.HttpMethod.POST, fresh));
        ClientRequest personal = ClientRequest.from("Bearer " + TOKEN, null, null);
        personal.builtFrom(new ClientRequest.Source("viewer.member:me", true, false, 0, 30_000));
        assertEquals("private, no-store", AnswerCache.cacheControl(io.vertx.core.http.HttpMethod.GET, personal));
        ClientRequest almostGone = ClientRequest.from("Bearer " + TOKEN, null, null);
        almostGone.builtFrom(new ClientRequest.Source("topic:1", false, false, 0, 999));
        assertEquals("private, no-store", AnswerCache.cacheControl(io.vertx.core.http.HttpMethod.GET, almostGone));
    }

    private static Buffer body(String json) {
        return Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
    }
}
