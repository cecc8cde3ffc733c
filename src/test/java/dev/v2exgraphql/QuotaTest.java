package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.CallCounters;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Service;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.v2exgraphql.v2ex.Endpoint;
import io.restassured.path.json.JsonPath;

/** The quota governor against the fake's rate limit (reserve: 3 in tests). */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class QuotaTest extends FakeUpstreamTest {

    @Test
    void aBurstStaysWithinTheBudgetKeepsTheReserveAndResumesAfterTheReset() throws Exception {
        // The window must outlast everything up to the last refused query, also against a freshly
        // started jar (QuotaIT alone took 4.7 s to get there): a reset in between would let it through.
        behaviour().rateLimit(10).rateWindow(Duration.ofSeconds(10));
        // The fake's window just moved backwards, which a real upstream never does: a late answer to
        // an earlier test would otherwise still count as the newer window.
        Thread.sleep(200);
        Service.reset(); // forgets the budget the service learned
        redis().command("DEL", "v2gql:v1:quota");
        List<Long> ids = data().topicIds();

        List<JsonPath> answers = burst(ids.subList(0, 20));

        // Public misses stop at the reserve: 10 - 3 = 7 go upstream, the rest are refused locally.
        assertEquals(7, counters().total(), () -> counters().calls().toString());
        long ok = answers.stream().filter(Gql::noErrors).count();
        assertEquals(7, ok);
        assertTrue(answers.stream().filter(a -> !Gql.noErrors(a))
                .allMatch(a -> Gql.codes(a).equals(List.of("RATE_LIMITED")) && a.getInt("errors[0].extensions.retryAfter") > 0));
        // What was fetched is served from the cache meanwhile.
        JsonPath cached = Gql.query(TOKEN_ALICE, topicQuery(firstAnswered(answers, ids)));
        assertTrue(Gql.noErrors(cached), () -> cached.prettify() + counters().calls());

        // The reserve keeps private reads and mutations working...
        JsonPath viewer = Gql.query(TOKEN_ALICE, "{ viewer { member { username } } }");
        assertEquals("alice", viewer.getString("data.viewer.member.username"));
        String mine = String.valueOf(data().topicIdsByAuthor("alice").get(0));
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "mutation { setTopicSticky(topicId: \"" + mine + "\") { topicId } }")));
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, "{ viewer { token { scope } } }")));
        // ...down to zero, then nothing goes out at all.
        JsonPath none = Gql.query(TOKEN_ALICE, "{ viewer { notifications { items { id } } } }");
        assertEquals(List.of("RATE_LIMITED"), Gql.codes(none), none::prettify);
        assertEquals(10, counters().total(), "never more than the limit");

        // The window resets at the time the upstream announced; the readiness check counts whole
        // seconds up to it, so waiting them out always reaches the new window.
        Thread.sleep(Service.upstreamCheck().getLong("data.'quota.resetsInSeconds'") * 1000 + 300);
        JsonPath after = Gql.query(TOKEN_ALICE, topicQuery(ids.get(30)));
        assertTrue(Gql.noErrors(after), after::prettify);
        assertEquals(11, counters().total());
    }

    @Test
    void withoutRateHeadersTheConfiguredBudgetIsCountedAndAWaveLeavesAtOnce() {
        // A mirror, or a proxy that strips the headers: the upstream never tells the budget.
        behaviour().rateHeaders(false).latency(Duration.ofMillis(150));
        List<String> ids = data().topicIds().stream().limit(21).map(String::valueOf).toList();
        // The very first call goes alone: it learns that no figures come back.
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topicQuery(Long.parseLong(ids.get(0))))));
        counters().reset();

        JsonPath list = Gql.query(TOKEN_ALICE, "query($ids: [ID!]!) { topics(ids: $ids) { title } }",
                Map.of("ids", ids.subList(1, 21)));

        assertTrue(Gql.noErrors(list), list::prettify);
        assertEquals(20, counters().total());
        // One wave of twenty, not a lone call and then nineteen (which is what waiting for figures
        // that never come would do).
        assertEquals(20, counters().maxInFlight(CallCounters.key(Endpoint.TOPIC)));
        // Each call counted against the configured window: the first included.
        int assumed = Service.settings().quota().assumedLimit();
        assertEquals(assumed - 21, Service.upstreamCheck().getInt("data.'quota.remaining'"));
        assertEquals(assumed, Service.upstreamCheck().getInt("data.'quota.limit'"));
    }

    private static List<JsonPath> burst(List<Long> topicIds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<JsonPath>> calls = new ArrayList<>();
            for (long id : topicIds) {
                calls.add(CompletableFuture.supplyAsync(() -> Gql.query(TOKEN_ALICE, topicQuery(id)), pool));
            }
            List<JsonPath> answers = new ArrayList<>();
            for (CompletableFuture<JsonPath> call : calls) {
                answers.add(call.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private static long firstAnswered(List<JsonPath> answers, List<Long> ids) {
        for (int i = 0; i < answers.size(); i++) {
            if (Gql.noErrors(answers.get(i))) {
                return ids.get(i);
            }
        }
        throw new AssertionError("nothing was answered");
    }

    private static String topicQuery(long id) {
        return "{ topic(id: \"" + id + "\") { title } }";
    }
}
