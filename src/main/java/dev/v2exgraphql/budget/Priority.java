package dev.v2exgraphql.budget;

/** Who is asking for upstream budget; public reads give way first when it runs low. */
public enum Priority {
    /** Cache misses on public data: the cache can often answer these stale. */
    PUBLIC_READ,
    /** The caller's own data: nobody else's cache entry can stand in for it. */
    PRIVATE_READ,
    /** Mutations: what the user explicitly asked to happen. */
    WRITE
}
