package dev.v2exgraphql.cache;

/**
 * What the data cache tells whoever keeps things built from its entries (the whole-answer cache of
 * the HTTP front), as a CDI event: it knows nothing of them, they observe this.
 */
public enum CacheChange {
    /** New data was fetched and stored (a refresh landed, say): answers built from stale data are out of date. */
    ARRIVED,
    /** Entries were dropped (a mutation, or an operator): any answer may contain what was dropped. */
    INVALIDATED
}
