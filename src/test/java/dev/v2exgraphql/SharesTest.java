package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_CAROL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.Scrape;
import dev.v2exgraphql.support.Service;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The shares of the upstream budget, with the fake's limit at 100 calls: one client (a token, or an
 * address a trusted proxy reports) may spend 50 of them, and tokens the upstream has not accepted
 * yet 3 per address; whoever is over gets RATE_LIMITED with the reason while the others go on.
 */
@QuarkusTest
@TestProfile(SharesTest.Shares.class)
class SharesTest extends FakeUpstreamTest {

    private static final int LIMIT = 100;
    private static final int CLIENT_SHARE = 50;
    private static final int NEW_TOKEN_SHARE = 3;

    /** The default shares (the other tests run without them), and this machine as the trusted proxy. */
    public static class Shares implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("v2ex.quota.client-share-percent", "50",
                    "v2ex.quota.new-token-share-percent", "3",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,[::1]");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeUpstreamResource.class, redisArgs()));
        }

        Map<String, String> redisArgs() {
            return Map.of();
        }
    }

    @BeforeEach
    void smallBudget() throws InterruptedException {
        behaviour().rateLimit(LIMIT).rateWindow(Duration.ofMinutes(5));
        // The fake's window just moved backwards, which a real upstream never does: a late answer
        // of an earlier test would otherwise still count as the newer window.
        Thread.sleep(200);
        Service.reset();
        redis().command("DEL", "v2gql:v1:quota");
    }

    @Test
    void aGreedyTokenSpendsItsShareAndTheOthersAreStillServed() {
        Scrape before = Scrape.now();
        List<Long> ids = data().topicIds();
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topics(ids.subList(0, 20)))));
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topics(ids.subList(20, 40)))));
        JsonPath over = Gql.query(TOKEN_ALICE, topics(ids.subList(40, 60)));
        assertTrue(Gql.codes(over).contains("RATE_LIMITED"), over::prettify);
        assertEquals("CLIENT_SHARE", over.getString("errors.find { it.extensions.code == 'RATE_LIMITED' }.extensions.reason"));
        assertTrue(over.getInt("errors[0].extensions.retryAfter") > 0, over::prettify);
        assertEquals(CLIENT_SHARE, counters().countByToken(TOKEN_ALICE), "exactly the share, not a call more");

        // What alice fetched before stays hers to read, from the cache.
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topic(ids.get(5)))));
        // The others go on: bob reads what nobody fetched yet, and alice's own data.
        for (int i = 60; i < 70; i++) {
            JsonPath bob = Gql.query(TOKEN_BOB, topic(ids.get(i)));
            assertTrue(Gql.noErrors(bob), bob::prettify);
        }
        assertEquals(10, counters().countByToken(TOKEN_BOB));
        assertEquals(CLIENT_SHARE, counters().countByToken(TOKEN_ALICE));

        // Counted by priority, outcome and reason; no label names a client.
        Scrape after = Scrape.now();
        assertEquals(CLIENT_SHARE + 10, grown(before, after, "v2ex_budget_calls_total", "priority", "public_read", "outcome", "granted"));
        assertEquals(10, grown(before, after, "v2ex_budget_calls_total", "priority", "public_read", "outcome", "refused"));
        assertEquals(10, grown(before, after, "v2ex_budget_refusals_total", "reason", "client_share"));
        assertEquals(0, grown(before, after, "v2ex_budget_refusals_total", "reason", "quota_spent"));
        assertTrue(after.series().stream().filter(series -> series.name().startsWith("v2ex_budget"))
                .allMatch(series -> Set.of("priority", "outcome", "reason").containsAll(series.labels().keySet())));
    }

    private static double grown(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    @Test
    void madeUpTokensFromOneAddressCostAFewCallsAndAcceptedTokensAreNotHeldBack() {
        Scrape before = Scrape.now();
        List<Long> ids = data().topicIds();
        // Alice's token is known before (its first call was a new token's, from this machine).
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topic(ids.get(0)))));
        int refusedForNewTokens = 0;
        for (int i = 0; i < 20; i++) {
            JsonPath r = Gql.forwardedFor("203.0.113.9", "invented-token-" + i, topic(ids.get(1 + i)));
            List<String> codes = Gql.codes(r);
            if (codes.equals(List.of("RATE_LIMITED"))) {
                assertEquals("NEW_TOKENS", r.getString("errors[0].extensions.reason"), r::prettify);
                refusedForNewTokens++;
            } else {
                assertEquals(List.of("UNAUTHENTICATED"), codes, r::prettify);
            }
        }
        assertEquals(20 - NEW_TOKEN_SHARE, refusedForNewTokens);
        assertEquals(20 - NEW_TOKEN_SHARE, grown(before, Scrape.now(), "v2ex_budget_refusals_total", "reason", "new_tokens"));
        assertEquals(1 + NEW_TOKEN_SHARE, counters().total(), () -> counters().calls().toString());

        // A token the upstream accepted is never refused for the invented ones, from the same address.
        JsonPath alice = Gql.forwardedFor("203.0.113.9", TOKEN_ALICE, topic(ids.get(30)));
        assertTrue(Gql.noErrors(alice), alice::prettify);
        // Another address has an allowance of its own.
        JsonPath elsewhere = Gql.forwardedFor("198.51.100.4", "invented-token-x", topic(ids.get(31)));
        assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(elsewhere), elsewhere::prettify);
        assertEquals(1 + NEW_TOKEN_SHARE + 2, counters().total());
    }

    @Test
    void anAddressATrustedProxyReportsHasAShareAcrossItsTokens() {
        List<Long> ids = data().topicIds();
        List<String> tokens = List.of(TOKEN_ALICE, TOKEN_BOB, TOKEN_CAROL);
        // Known tokens (accepted by the upstream) from one address, 20 topics at a time.
        int calls = 0;
        JsonPath last = null;
        for (int i = 0; calls < CLIENT_SHARE; i++) {
            last = Gql.forwardedFor("203.0.113.50", tokens.get(i % 3), topics(ids.subList(i * 20, i * 20 + 20)));
            calls = counters().total();
        }
        assertEquals(CLIENT_SHARE, counters().total(), () -> counters().calls().toString());
        JsonPath spent = last;
        assertEquals("CLIENT_SHARE", spent.getString("errors.find { it.extensions.code == 'RATE_LIMITED' }.extensions.reason"),
                spent::prettify);
        JsonPath again = Gql.forwardedFor("203.0.113.50", TOKEN_CAROL, topic(ids.get(80)));
        assertEquals(List.of("RATE_LIMITED"), Gql.codes(again), again::prettify);

        // The same token from another address is served: its own share is far from spent.
        JsonPath elsewhere = Gql.forwardedFor("203.0.113.51", TOKEN_CAROL, topic(ids.get(81)));
        assertTrue(Gql.noErrors(elsewhere), elsewhere::prettify);
        assertEquals(CLIENT_SHARE + 1, counters().total());
        assertTrue(CLIENT_SHARE + 1 < LIMIT - 3, "far from the budget itself");
    }

    @Test
    void eachClientSeesTheBudgetAndItsShareWithoutAnUpstreamCall() {
        String ask = "{ rateLimit { cost maxCost limit remaining resetAt clientLimit clientRemaining } }";
        JsonPath before = Gql.query(TOKEN_ALICE, ask);
        assertTrue(Gql.noErrors(before), before::prettify);
        assertEquals(0, before.getInt("data.rateLimit.cost"));
        assertEquals(0, before.getInt("extensions.cost"));
        assertTrue(before.getInt("data.rateLimit.maxCost") >= 20, before::prettify);
        assertNull(before.get("data.rateLimit.limit"), "nothing is known before the first upstream answer");
        assertNull(before.get("data.rateLimit.clientRemaining"));
        assertEquals(0, counters().total());

        List<Long> ids = data().topicIds();
        JsonPath fetched = Gql.query(TOKEN_ALICE, topics(ids.subList(0, 20)));
        assertEquals(20, fetched.getInt("extensions.cost"), "the request's worst case, in its answer");

        JsonPath alice = Gql.query(TOKEN_ALICE, ask);
        assertEquals(LIMIT, alice.getInt("data.rateLimit.limit"), alice::prettify);
        assertEquals(LIMIT - 20, alice.getInt("data.rateLimit.remaining"));
        assertEquals(CLIENT_SHARE, alice.getInt("data.rateLimit.clientLimit"));
        assertEquals(CLIENT_SHARE - 20, alice.getInt("data.rateLimit.clientRemaining"));
        Instant resetAt = Instant.parse(alice.getString("data.rateLimit.resetAt"));
        assertTrue(resetAt.isAfter(Instant.now()) && resetAt.isBefore(Instant.now().plus(Duration.ofMinutes(6))),
                resetAt::toString);
        JsonPath bob = Gql.query(TOKEN_BOB, ask);
        assertEquals(CLIENT_SHARE, bob.getInt("data.rateLimit.clientRemaining"), "bob's share is untouched");
        assertEquals(LIMIT - 20, bob.getInt("data.rateLimit.remaining"));
        assertEquals(20, counters().total(), "asking cost nothing upstream");

        // Nobody keeps the answer: after another call the figures move.
        assertTrue(Gql.noErrors(Gql.query(TOKEN_BOB, topic(ids.get(40)))));
        assertEquals(LIMIT - 21, Gql.query(TOKEN_ALICE, ask).getInt("data.rateLimit.remaining"));
        // Without a token there is no client share to tell, only the service's budget.
        JsonPath anonymous = Gql.query(null, ask);
        assertTrue(Gql.noErrors(anonymous), anonymous::prettify);
        assertNull(anonymous.get("data.rateLimit.clientLimit"));
        assertEquals(LIMIT - 21, anonymous.getInt("data.rateLimit.remaining"));
    }

    private static String topic(long id) {
        return "{ topic(id: \"" + id + "\") { title } }";
    }

    private static String topics(List<Long> ids) {
        return "{ topics(ids: [" + ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", ")) + "]) { title } }";
    }
}
