package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_CAROL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import dev.v2exgraphql.support.SecondInstance;
import dev.v2exgraphql.support.Service;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Two instances of the packaged service on one Redis and one fake upstream (limit 100, reserve 3,
 * shares as in {@link SharesTest}): one budget, one share per client and one new-token allowance
 * per address, whichever instance a request reaches.
 */
@QuarkusIntegrationTest
@TestProfile(SharesTest.Shares.class)
class SharedBudgetIT extends FakeUpstreamTest {

    private static final int LIMIT = 100;
    private static final int RESERVE = 3;
    private static SecondInstance second;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        second = SecondInstance.start(new SharesTest.Shares().getConfigOverrides());
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @BeforeEach
    void smallBudget() throws InterruptedException {
        behaviour().rateLimit(LIMIT).rateWindow(Duration.ofMinutes(5));
        Thread.sleep(200); // late answers of the previous test's window (see SharesTest)
        Service.reset();
        second.reset();
        redis().command("DEL", "v2gql:v1:quota");
    }

    @Test
    void twoInstancesTogetherNeverSendMoreThanTheUpstreamAllows() throws Exception {
        List<Long> ids = data().topicIds();
        List<String> tokens = List.of(TOKEN_ALICE, TOKEN_BOB, TOKEN_CAROL);
        for (int i = 0; i < 3; i++) { // each token accepted, each instance has learned the budget
            assertTrue(Gql.noErrors((i % 2 == 0 ? Gql.query(tokens.get(i), topic(ids.get(i)))
                    : second.gql().query(tokens.get(i), topic(ids.get(i))))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<JsonPath> answers = new ArrayList<>();
        try {
            List<Future<JsonPath>> pending = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                String token = tokens.get(i % 3);
                String query = topic(ids.get(3 + i));
                boolean onSecond = i % 2 == 1;
                pending.add(pool.submit(() -> onSecond ? second.gql().query(token, query) : Gql.query(token, query)));
            }
            for (Future<JsonPath> answer : pending) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // Public misses stop at the reserve: every unit of the one shared budget but those.
        assertEquals(LIMIT - RESERVE, counters().total(), () -> answers.stream().filter(a -> !Gql.noErrors(a))
                .map(a -> a.getString("errors[0].message")).distinct().toList().toString());
        long served = answers.stream().filter(Gql::noErrors).count();
        assertEquals(LIMIT - RESERVE - 3, served);
        assertTrue(answers.stream().filter(a -> !Gql.noErrors(a))
                .allMatch(a -> Gql.codes(a).equals(List.of("RATE_LIMITED"))), "the rest are refused, typed");
    }

    @Test
    void aClientsShareIsOneAcrossInstances() {
        List<Long> ids = data().topicIds();
        assertTrue(Gql.noErrors(Gql.query(TOKEN_ALICE, topics(ids.subList(0, 20)))));
        assertTrue(Gql.noErrors(second.gql().query(TOKEN_ALICE, topics(ids.subList(20, 40)))));
        JsonPath over = Gql.query(TOKEN_ALICE, topics(ids.subList(40, 60)));
        assertEquals("CLIENT_SHARE", over.getString("errors.find { it.extensions.code == 'RATE_LIMITED' }.extensions.reason"),
                over::prettify);
        JsonPath stillOver = second.gql().query(TOKEN_ALICE, topic(ids.get(70)));
        assertEquals(List.of("RATE_LIMITED"), Gql.codes(stillOver), stillOver::prettify);
        assertEquals(LIMIT / 2, counters().countByToken(TOKEN_ALICE), "half the limit, over both instances");
        assertTrue(Gql.noErrors(second.gql().query(TOKEN_BOB, topic(ids.get(71)))), "bob goes on");
    }

    @Test
    void inventedTokensShareOneAllowancePerAddressAndABadTokenCostsOneCall() {
        List<Long> ids = data().topicIds();
        for (int i = 0; i < 20; i++) {
            Gql.Instance instance = i % 2 == 0 ? second.gql() : Gql.service();
            JsonPath r = instance.forwardedFor("203.0.113.9", "invented-token-" + i, topic(ids.get(i)));
            assertTrue(List.of(List.of("UNAUTHENTICATED"), List.of("RATE_LIMITED")).contains(Gql.codes(r)), r::prettify);
        }
        assertEquals(3, counters().total(), "3 % of 100, for both instances together");

        // The first invented token went out and was refused: the other instance knows it.
        for (int i = 0; i < 5; i++) {
            JsonPath again = Gql.query("invented-token-0", topic(ids.get(30 + i)));
            assertEquals(List.of("UNAUTHENTICATED"), Gql.codes(again), again::prettify);
        }
        assertEquals(1, counters().countByToken("invented-token-0"));
        assertEquals(3, counters().total());
    }

    private static String topic(long id) {
        return "{ topic(id: \"" + id + "\") { title } }";
    }

    private static String topics(List<Long> ids) {
        return "{ topics(ids: [" + String.join(", ", ids.stream().map(id -> "\"" + id + "\"").toList()) + "]) { title } }";
    }
}
