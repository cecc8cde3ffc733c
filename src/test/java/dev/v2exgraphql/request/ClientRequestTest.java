package dev.v2exgraphql.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;

/** One request as every layer sees it; plain JUnit, no Quarkus. */
class ClientRequestTest {

    private static final String TOKEN = "8c1e2f0a-3b4d-4e5f-9a6b-7c8d9e0f1a2b";

    @Test
    void readsTheTokenOnceFromTheHeader() {
        SocketAddress peer = SocketAddress.inetSocketAddress(41234, "127.0.0.1");
        ClientRequest request = ClientRequest.from("Bearer " + TOKEN, peer, peer);
        assertTrue(request.hasToken());
        assertEquals(TOKEN, request.token());
        assertEquals(TokenHash.of(TOKEN), request.tokenHash());
        assertEquals("127.0.0.1", request.clientAddress());
        assertFalse(request.addressReported(), "the TCP peer itself");
        assertEquals(TokenHash.of("127.0.0.1"), request.addressHash());
        assertNull(request.credentialsProblem());
        assertFalse(request.toString().contains(TOKEN));
    }

    @Test
    void anAddressAProxyForwardedIsReported() {
        ClientRequest request = ClientRequest.from("Bearer " + TOKEN, SocketAddress.inetSocketAddress(0, "203.0.113.7"),
                SocketAddress.inetSocketAddress(41234, "10.0.0.5"));
        assertEquals("203.0.113.7", request.clientAddress());
        assertTrue(request.addressReported());
        assertFalse(ClientRequest.from("Bearer " + TOKEN, null, null).addressReported(), "unknown is not reported");
    }

    @Test
    void aMissingOrBrokenHeaderFailsEveryUseOfTheToken() {
        ClientRequest anonymous = ClientRequest.from(null, null, null);
        assertFalse(anonymous.hasToken());
        assertNull(anonymous.credentialsProblem());
        GatewayException none = assertThrows(GatewayException.class, anonymous::token);
        assertEquals(ErrorCode.UNAUTHENTICATED, none.code());

        ClientRequest broken = ClientRequest.from("Basic abc", null, null);
        assertFalse(broken.hasToken());
        assertEquals("The Authorization header must be 'Bearer <token>'", broken.credentialsProblem().getMessage());
        assertSame(broken.credentialsProblem(), assertThrows(GatewayException.class, broken::token));
    }

    @Test
    void aResourceAskedTwiceIsFetchedOnce() {
        ClientRequest request = ClientRequest.from("Bearer " + TOKEN, null, null);
        AtomicInteger fetches = new AtomicInteger();
        assertFalse(request.asked("topics/1"));
        Uni<Integer> first = request.once("topics/1", () -> Uni.createFrom().item(fetches::incrementAndGet));
        Uni<Integer> second = request.once("topics/1", () -> Uni.createFrom().item(fetches::incrementAndGet));
        assertTrue(request.asked("topics/1"));
        assertEquals(1, first.await().indefinitely());
        assertEquals(1, second.await().indefinitely());
        assertEquals(1, fetches.get());
    }

    @Test
    void anAnswerIsAsFreshAsItsLeastFreshPartAndPublicOnlyWithoutPrivateDataOrErrors() {
        ClientRequest request = ClientRequest.from("Bearer " + TOKEN, null, null);
        assertFalse(request.answerIsPublic(), "built from nothing cached");
        request.builtFrom(new ClientRequest.Source("topic:1", false, false, 3, 57_000));
        request.builtFrom(new ClientRequest.Source("node:a", false, false, 0, 12_000));
        assertTrue(request.answerIsPublic());
        assertEquals(12_000, request.answerFreshForMillis());

        request.builtFrom(new ClientRequest.Source("replies:1:1", false, true, 70, 0));
        assertTrue(request.answerIsStale());
        assertEquals(0, request.answerFreshForMillis(), "stale parts make nothing fresh");

        ClientRequest personal = ClientRequest.from("Bearer " + TOKEN, null, null);
        personal.builtFrom(new ClientRequest.Source("viewer.member:me", true, false, 0, 30_000));
        assertFalse(personal.answerIsPublic());
        ClientRequest failed = ClientRequest.from("Bearer " + TOKEN, null, null);
        failed.builtFrom(new ClientRequest.Source("topic:1", false, false, 0, 30_000));
        failed.markFailed();
        assertFalse(failed.answerIsPublic());
    }

    @Test
    void countsTheUpstreamCallsSpentForIt() {
        ClientRequest request = ClientRequest.from("Bearer " + TOKEN, null, null);
        request.spentUpstreamCall();
        request.spentUpstreamCall();
        assertEquals(2, request.upstreamCalls());
    }
}
