package dev.v2exgraphql.cache;

import java.util.Objects;

import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.v2ex.CacheKind;

/**
 * One cached upstream resource. Public keys look like {@code v2gql:v1:topic:123}; private ones
 * carry the token's hash, never the token: {@code v2gql:v1:p:<hash>:notifications:2}.
 *
 * @param collection for pages: the list they belong to (e.g. "python" for a node's topic pages),
 *        so that a mutation can drop all of them; null for single resources
 */
public record CacheKey(CacheKind kind, String id, String owner, String collection) {

    public CacheKey {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(id);
        if (kind.isPrivate() != (owner != null)) {
            throw new IllegalArgumentException("private kinds need an owner, public kinds must not have one");
        }
    }

    public static CacheKey of(CacheKind kind, String id) {
        return new CacheKey(kind, id, null, null);
    }

    public static CacheKey page(CacheKind kind, String collection, int page) {
        return new CacheKey(kind, collection + ":" + page, null, collection);
    }

    public static CacheKey privateOf(CacheKind kind, ClientRequest request, String id) {
        return new CacheKey(kind, id, request.tokenHash(), null);
    }

    public static CacheKey privatePage(CacheKind kind, ClientRequest request, int page) {
        return new CacheKey(kind, String.valueOf(page), request.tokenHash(), "");
    }

    public String redisKey(String prefix) {
        return scope(prefix) + kind.segment() + ":" + id;
    }

    /** The Redis set that lists the keys of this page's collection (null for single resources). */
    public String indexKey(String prefix) {
        return collection == null ? null : scope(prefix) + "idx:" + kind.segment() + ":" + collection;
    }

    /** Prefix shared by every page of this key's collection, for in-process invalidation. */
    public String collectionPrefix(String prefix) {
        return scope(prefix) + kind.segment() + ":" + (collection.isEmpty() ? "" : collection + ":");
    }

    /** A name safe to show clients and logs: no token hash. */
    public String resource() {
        return (kind.isPrivate() ? "viewer." : "") + kind.segment() + ":" + id;
    }

    private String scope(String prefix) {
        return owner == null ? prefix + ":" : prefix + ":p:" + owner + ":";
    }
}
