package dev.v2exgraphql;

import static dev.v2exgraphql.demo.Fixtures.TOKEN_ALICE;
import static dev.v2exgraphql.demo.Fixtures.TOKEN_BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.demo.Fixtures;
import dev.v2exgraphql.support.FakeUpstreamResource;
import dev.v2exgraphql.support.FakeUpstreamTest;
import dev.v2exgraphql.support.Gql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class MutationsTest extends FakeUpstreamTest {

    private static final String STICKY = "mutation($id: ID!, $d: StickyDuration) { setTopicSticky(topicId: $id, duration: $d) "
            + "{ topicId stickyUntil topic { id title } } }";
    private static final String STICKY_DEFAULT = "mutation($id: ID!) { setTopicSticky(topicId: $id) { topicId stickyUntil } }";
    private static final String BOOST = "mutation($id: ID!) { boostTopic(topicId: $id) { topicId topic { id } } }";

    @Test
    void authorPinsTheirTopicForTheChosenDuration() {
        String id = String.valueOf(data().topicIdsByAuthor("alice").get(0));
        JsonPath r = Gql.query(TOKEN_ALICE, STICKY, Map.of("id", id, "d", "HOUR_1"));

        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals(id, r.getString("data.setTopicSticky.topicId"));
        assertEquals(id, r.getString("data.setTopicSticky.topic.id"));
        long until = data().stickyUntil(Long.parseLong(id)).orElseThrow();
        assertEquals(Instant.ofEpochSecond(until).toString(), r.getString("data.setTopicSticky.stickyUntil"));
        assertEquals(1, counters().count("POST /topics/:id/set-sticky"));
        assertTrue(counters().calls().stream().anyMatch(c -> c.endpoint().equals("POST /topics/:id/set-sticky")
                && c.query().contains("duration=1hr")));
    }

    @Test
    void stickyDurationDefaultsToFifteenMinutes() {
        String id = String.valueOf(data().topicIdsByAuthor("alice").get(1));
        JsonPath r = Gql.query(TOKEN_ALICE, STICKY_DEFAULT, Map.of("id", id));
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertTrue(counters().calls().stream().anyMatch(c -> c.query().contains("duration=15min")));
    }

    @Test
    void pinningSomeoneElsesTopicIsForbidden() {
        String id = String.valueOf(data().topicIdsByAuthor("alice").get(0));
        JsonPath r = Gql.query(TOKEN_BOB, STICKY_DEFAULT, Map.of("id", id));
        assertEquals(List.of("FORBIDDEN"), Gql.codes(r));
        assertNull(r.get("data"), "a non-null mutation field that fails nulls data");
    }

    @Test
    void mutationOnAMissingTopicIsNotFound() {
        assertEquals(List.of("NOT_FOUND"), Gql.codes(Gql.query(TOKEN_ALICE, STICKY_DEFAULT, Map.of("id", "987654"))));
        assertEquals(List.of("NOT_FOUND"), Gql.codes(Gql.query(TOKEN_ALICE, BOOST, Map.of("id", "987654"))));
    }

    @Test
    void unknownEnumValueIsBadUserInput() {
        String id = String.valueOf(data().topicIdsByAuthor("alice").get(0));
        JsonPath viaVariable = Gql.query(TOKEN_ALICE, STICKY, Map.of("id", id, "d", "FOREVER"));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(viaVariable));
        JsonPath inline = Gql.query(TOKEN_ALICE, "mutation { setTopicSticky(topicId: \"" + id + "\", duration: FOREVER) { topicId } }");
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(inline));
        assertEquals(0, counters().total());
    }

    @Test
    void proAuthorBoostsOthersAreForbidden() {
        long aliceTopic = data().topicIdsByAuthor("alice").get(0);
        JsonPath ok = Gql.query(TOKEN_ALICE, BOOST, Map.of("id", String.valueOf(aliceTopic)));
        assertTrue(Gql.noErrors(ok), () -> ok.prettify());
        assertTrue(data().boostedAt(aliceTopic).isPresent());
        assertEquals(1, counters().count("POST /topics/:id/boost"));

        long bobTopic = data().topicIdsByAuthor("bob").get(0); // bob is not PRO
        assertEquals(List.of("FORBIDDEN"), Gql.codes(Gql.query(TOKEN_BOB, BOOST, Map.of("id", String.valueOf(bobTopic)))));
        assertEquals(List.of("FORBIDDEN"), Gql.codes(Gql.query(TOKEN_BOB, BOOST, Map.of("id", String.valueOf(aliceTopic)))));
    }

    @Test
    void createdTokenIsReturnedOnceAndWorks() {
        int before = data().tokensOf("bob").size();
        JsonPath r = Gql.query(TOKEN_BOB, "mutation { createToken(scope: REGULAR, expiration: DAYS_30) { token } }");
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        String token = r.getString("data.createToken.token");
        assertNotEquals(TOKEN_BOB, token);
        assertEquals(before + 1, data().tokensOf("bob").size());
        assertTrue(data().tokensOf("bob").contains(token));

        JsonPath viewer = Gql.query(token, "{ viewer { member { username } token { scope lifetimeSeconds } } }");
        assertEquals("bob", viewer.getString("data.viewer.member.username"));
        assertEquals("REGULAR", viewer.getString("data.viewer.token.scope"));
        assertEquals(30 * 86_400, viewer.getInt("data.viewer.token.lifetimeSeconds"));
        assertEquals(1, counters().count("POST /tokens"));
        assertTrue(counters().calls().stream().filter(c -> c.endpoint().equals("POST /tokens"))
                .allMatch(c -> TOKEN_BOB.equals(c.token())));
    }

    @Test
    void regularTokensCannotCreateTokens() {
        JsonPath r = Gql.query(Fixtures.TOKEN_CAROL, "mutation { createToken(scope: EVERYTHING, expiration: DAYS_90) { token } }");
        assertEquals(List.of("FORBIDDEN"), Gql.codes(r));
    }

    @Test
    void deletedNotificationIsGoneAndUnknownOnesAreNotFound() {
        String id = String.valueOf(data().notificationsOf(TOKEN_ALICE).get(0).getLong("id"));
        JsonPath r = Gql.query(TOKEN_ALICE, "mutation($id: ID!) { deleteNotification(id: $id) { deletedId } }", Map.of("id", id));
        assertTrue(Gql.noErrors(r), () -> r.prettify());
        assertEquals(id, r.getString("data.deleteNotification.deletedId"));

        JsonPath after = Gql.query(TOKEN_ALICE, "{ viewer { notifications { items { id } } } }");
        assertFalse(after.getList("data.viewer.notifications.items.id").contains(id));

        JsonPath again = Gql.query(TOKEN_ALICE, "mutation($id: ID!) { deleteNotification(id: $id) { deletedId } }", Map.of("id", id));
        assertEquals(List.of("NOT_FOUND"), Gql.codes(again));
        // someone else's notification is not found for this caller either
        String bobs = String.valueOf(data().notificationsOf(TOKEN_BOB).get(0).getLong("id"));
        assertEquals(List.of("NOT_FOUND"), Gql.codes(Gql.query(TOKEN_ALICE,
                "mutation($id: ID!) { deleteNotification(id: $id) { deletedId } }", Map.of("id", bobs))));
        assertEquals(List.of("BAD_USER_INPUT"), Gql.codes(Gql.query(TOKEN_ALICE,
                "mutation { deleteNotification(id: \"x1\") { deletedId } }")));
    }
}
