package dev.v2exgraphql.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.v2exgraphql.error.GatewayException;
import io.smallrye.mutiny.Uni;

/**
 * One GraphQL request as the layers below the resolvers see it: the caller's token and a memo of
 * the upstream resources already asked for. It is a plain object handed down explicitly, so every
 * upstream call carries exactly the token of the request that caused it, whatever thread or event
 * loop the continuation later runs on.
 */
public final class Call {

    private final String token;
    private final Map<String, Uni<?>> memo = new ConcurrentHashMap<>();

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

    /**
     * The same resource asked twice in one request is fetched once: the first caller's Uni is
     * memoized and shared, failures included.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> once(String resourceKey, Supplier<Uni<T>> fetch) {
        return (Uni<T>) memo.computeIfAbsent(resourceKey,
                key -> Uni.createFrom().deferred(() -> fetch.get()).memoize().indefinitely());
    }

    @Override
    public String toString() {
        return "Call[token=" + (token == null ? "none" : "***") + "]"; // never the secret
    }
}
