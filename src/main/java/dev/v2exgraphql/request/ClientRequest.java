package dev.v2exgraphql.request;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

import dev.v2exgraphql.error.GatewayException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;

/**
 * One GraphQL request as every layer sees it, built once by the HTTP front: who asks (the bearer
 * token, parsed once, and its hash; the client's address), what its answer was built from, and what
 * it spent upstream. It is a plain object handed down explicitly, so every upstream call carries
 * exactly the token of the request that caused it, whatever thread or event loop the continuation
 * later runs on; it never leaves the request, and never shows its token ({@link #toString()}).
 */
public final class ClientRequest {

    /**
     * One cached resource an answer was built from: whether it is private, stale, how old, and how
     * long it stays fresh. What the answer may be kept as (and by whom) follows from these.
     */
    public record Source(String resource, boolean isPrivate, boolean stale, long ageSeconds, long freshForMillis) {
    }

    private final String token;
    private final GatewayException credentialsProblem;
    /**
     * The client's address as Quarkus reports it (the TCP peer's, or what a trusted proxy forwarded),
     * and the TCP peer's own; their text is made only when asked (formatting them on every request
     * costs the hot path).
     */
    private final SocketAddress peer;
    private final SocketAddress connectionPeer;
    private volatile String tokenHash;
    private volatile String addressHash;
    /** What resolving the request collects; made on first use (an answer-cache hit never resolves anything). */
    private record Resolution(Map<String, Uni<?>> memo, List<Source> sources) {
    }

    private volatile Resolution resolution;
    private volatile int upstreamCalls;
    private volatile boolean failed;
    /** The worst-case upstream cost the HTTP front estimated before execution; -1: not estimated. */
    private volatile long estimatedCost = -1;

    private static final AtomicIntegerFieldUpdater<ClientRequest> UPSTREAM_CALLS =
            AtomicIntegerFieldUpdater.newUpdater(ClientRequest.class, "upstreamCalls");

    private ClientRequest(String token, GatewayException credentialsProblem, SocketAddress peer,
            SocketAddress connectionPeer) {
        this.token = token;
        this.credentialsProblem = credentialsProblem;
        this.peer = peer;
        this.connectionPeer = connectionPeer;
    }

    /**
     * The request of a caller that sent this {@code Authorization} header (null: none) from this
     * address (null: unknown) over a connection from {@code connectionPeer} (the same, unless a
     * trusted proxy reported the address). A header that is present but not a usable bearer token
     * is kept as the problem every field of the request then reports.
     */
    public static ClientRequest from(String authorization, SocketAddress peer, SocketAddress connectionPeer) {
        try {
            return new ClientRequest(BearerToken.parse(authorization), null, peer, connectionPeer);
        } catch (GatewayException malformed) {
            return new ClientRequest(null, malformed, peer, connectionPeer);
        }
    }

    /** The caller sent a usable bearer token. */
    public boolean hasToken() {
        return token != null;
    }

    /** Why the caller's Authorization header cannot be used (null: it can, or there is none). */
    public GatewayException credentialsProblem() {
        return credentialsProblem;
    }

    /** The bearer token, or an UNAUTHENTICATED failure when the request carried none (or a broken one). */
    public String token() {
        if (token == null) {
            throw credentialsProblem != null ? credentialsProblem : GatewayException.unauthenticated(
                    "This field needs a V2EX personal access token: send 'Authorization: Bearer <token>'");
        }
        return token;
    }

    /** The name of this token's private cache entries (see {@link TokenHash}); computed once. */
    public String tokenHash() {
        String hash = tokenHash;
        if (hash == null) {
            hash = TokenHash.of(token());
            tokenHash = hash;
        }
        return hash;
    }

    /**
     * The address the request came from: the TCP peer's IP, or the client's as a trusted proxy
     * reports it (Quarkus's {@code quarkus.http.proxy.*}); null when unknown.
     */
    public String clientAddress() {
        return peer == null ? null : peer.hostAddress();
    }

    /** The address under a one-way name, as budget counters carry it (null when unknown). */
    public String addressHash() {
        String hash = addressHash;
        if (hash == null && peer != null) {
            hash = TokenHash.of(clientAddress());
            addressHash = hash;
        }
        return hash;
    }

    /** Whether a proxy reported the client's address (it differs from the TCP peer's). */
    public boolean addressReported() {
        return peer != null && connectionPeer != null && !peer.hostAddress().equals(connectionPeer.hostAddress());
    }

    /**
     * The same resource asked twice in one request is fetched once: the first caller's Uni is
     * memoized and shared, failures included.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> once(String resourceKey, Supplier<Uni<T>> fetch) {
        return (Uni<T>) resolution().memo().computeIfAbsent(resourceKey,
                key -> Uni.createFrom().deferred(() -> fetch.get()).memoize().indefinitely());
    }

    /** Whether a resource is already asked for in this request. */
    public boolean asked(String resourceKey) {
        Resolution r = resolution;
        return r != null && r.memo().containsKey(resourceKey);
    }

    private Resolution resolution() {
        Resolution r = resolution;
        if (r == null) {
            synchronized (this) {
                r = resolution;
                if (r == null) {
                    r = new Resolution(new ConcurrentHashMap<>(), new CopyOnWriteArrayList<>());
                    resolution = r;
                }
            }
        }
        return r;
    }

    /** The cache served this resource for the answer. */
    public void builtFrom(Source source) {
        resolution().sources().add(source);
    }

    public List<Source> sources() {
        return List.copyOf(built());
    }

    /** The sources as they stand (iterating a copy-on-write list is safe while fields still resolve). */
    private List<Source> built() {
        Resolution r = resolution;
        return r == null ? List.of() : r.sources();
    }

    /** Some field of this request failed: its answer must not be kept by anyone. */
    public void markFailed() {
        failed = true;
    }

    public boolean failed() {
        return failed;
    }

    /** Made of cached public data only, without errors: an answer any caller may be given. */
    public boolean answerIsPublic() {
        List<Source> built = built();
        if (failed || built.isEmpty()) {
            return false;
        }
        for (Source source : built) {
            if (source.isPrivate()) {
                return false;
            }
        }
        return true;
    }

    /** Some part of the answer came from an entry past its TTL. */
    public boolean answerIsStale() {
        for (Source source : built()) {
            if (source.stale()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long the answer may be reused as fresh (by the whole-answer cache and by HTTP caches):
     * as long as its least fresh part; 0 when it must not be, or holds stale data.
     */
    public long answerFreshForMillis() {
        if (!answerIsPublic() || answerIsStale()) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        for (Source source : built()) {
            min = Math.min(min, source.freshForMillis());
        }
        return min;
    }

    /** An attempt at an upstream call was made for this request. */
    public void spentUpstreamCall() {
        UPSTREAM_CALLS.incrementAndGet(this);
    }

    /** Upstream call attempts made for this request so far (the budget issue bounds them). */
    public int upstreamCalls() {
        return upstreamCalls;
    }

    /** The HTTP front estimated the request's worst-case upstream cost before running it. */
    public void estimatedCost(long cost) {
        estimatedCost = cost;
    }

    /** The worst-case upstream calls of this request, as estimated before it ran; -1 when not estimated. */
    public long estimatedCost() {
        return estimatedCost;
    }

    @Override
    public String toString() {
        return "ClientRequest[token=" + (token == null ? "none" : "***") + "]"; // never the secret
    }
}
