package dev.v2exgraphql.auth;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.v2exgraphql.error.GatewayException;
import io.smallrye.mutiny.Uni;

/**
 * One GraphQL request as the layers below the resolvers see it: the caller's token, a memo of the
 * upstream resources already asked for, and what the cache served. It is a plain object handed down
 * explicitly, so every upstream call carries exactly the token of the request that caused it,
 * whatever thread or event loop the continuation later runs on.
 */
public final class Call {

    /** Where the HTTP layer finds this request's call (a RoutingContext data key). */
    public static final String KEY = "v2gql.call";

    /** What the cache answered for one resource of this request. */
    public record Served(String resource, boolean isPrivate, boolean stale, long ageSeconds, long freshForMillis) {
    }

    private final String token;
    private volatile String tokenHash;
    private final Map<String, Uni<?>> memo = new ConcurrentHashMap<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private volatile boolean failed;

    Call(String token) {
        this.token = token;
    }

    /** A call with the given token (null for anonymous); used by resolvers and tests. */
    public static Call of(String token) {
        return new Call(token);
    }

    public boolean hasToken() {
        return token != null;
    }

    /** The bearer token, or an UNAUTHENTICATED failure when the request carried none. */
    public String token() {
        if (token == null) {
            throw GatewayException.unauthenticated(
                    "This field needs a V2EX personal access token: send 'Authorization: Bearer <token>'");
        }
        return token;
    }

    /** The name of this token's private cache entries (see {@link TokenHash}). */
    public String tokenHash() {
        String hash = tokenHash;
        if (hash == null) {
            hash = TokenHash.of(token());
            tokenHash = hash;
        }
        return hash;
    }

    /**
     * The same resource asked twice in one request is fetched once: the first caller's Uni is
     * memoized and shared, failures included.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> once(String resourceKey, Supplier<Uni<T>> fetch) {
        return (Uni<T>) memo.computeIfAbsent(resourceKey,
                key -> Uni.createFrom().deferred(() -> fetch.get()).memoize().indefinitely());
    }

    /** Whether a resource is already asked for in this request. */
    public boolean asked(String resourceKey) {
        return memo.containsKey(resourceKey);
    }

    public void served(Served entry) {
        served.add(entry);
    }

    public List<Served> served() {
        return List.copyOf(served);
    }

    /** Some field of this request failed: its response must not be cached by anyone. */
    public void markFailed() {
        failed = true;
    }

    public boolean failed() {
        return failed;
    }

    @Override
    public String toString() {
        return "Call[token=" + (token == null ? "none" : "***") + "]"; // never the secret
    }
}
