package dev.v2exgraphql.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.error.ErrorCode;
import dev.v2exgraphql.error.GatewayFailures;
import dev.v2exgraphql.redis.SharedRedis;
import dev.v2exgraphql.request.ClientRequest;
import dev.v2exgraphql.telemetry.CacheMetrics;
import dev.v2exgraphql.v2ex.CacheKind;
import dev.v2exgraphql.v2ex.Envelope;
import io.smallrye.mutiny.Uni;

/**
 * The cache in front of the upstream: L1 in-process (Caffeine) over L2 Redis (optional), with
 * per-kind TTLs, stale-while-revalidate, stale-if-error and single-flight fetching. Services ask it
 * for an {@link Envelope} by {@link CacheKey} and say how to fetch it; it decides whether the
 * upstream is called at all.
 */
@ApplicationScoped
public class TwoTierCache {

    private static final Logger LOG = Logger.getLogger(TwoTierCache.class);

    private final SharedRedis redis;
    private final SingleFlight singleFlight;
    private final V2exConfig.Cache config;
    private final String prefix;
    private final Cache<String, CachedEnvelope> l1;

    private final Consumer<CacheChange> changes;
    private final CacheMetrics metrics;

    @Inject
    public TwoTierCache(SharedRedis redis, V2exConfig config, Event<CacheChange> changes, CacheMetrics metrics) {
        this(redis, config, changes::fire, metrics);
    }

    /** @param changes told of new data and dropped entries; also how tests build a second instance */
    public TwoTierCache(SharedRedis redis, V2exConfig config, Consumer<CacheChange> changes, CacheMetrics metrics) {
        this.redis = redis;
        this.changes = changes;
        this.metrics = metrics;
        this.config = config.cache();
        this.prefix = this.config.keyPrefix();
        this.singleFlight = new SingleFlight(redis, this.config, metrics::flightJoined);
        long keepMillis = this.config.staleIfError().plus(this.config.staleWhileRevalidate()).toMillis();
        long l1Millis = this.config.l1Ttl().toMillis();
        this.l1 = Caffeine.newBuilder()
                // Weighed by the entry's JSON length: a node page weighs a hundred times a token.
                .maximumWeight(this.config.l1MaxChars())
                .weigher((String key, CachedEnvelope value) -> Math.max(1, value.jsonChars()))
                .expireAfter(new Expiry<String, CachedEnvelope>() {
                    @Override
                    public long expireAfterCreate(String key, CachedEnvelope value, long currentTime) {
                        // With Redis, L1 only saves round trips for a moment; alone, it is the cache.
                        long keep = redis.configured() ? l1Millis : maxTtlMillis() + keepMillis;
                        return TimeUnit.MILLISECONDS.toNanos(keep);
                    }

                    @Override
                    public long expireAfterUpdate(String key, CachedEnvelope value, long currentTime,
                            long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, CachedEnvelope value, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** One resource: cached if fresh enough, else fetched once however many ask at the same time. */
    public Uni<Envelope> get(ClientRequest request, CacheKey key, Function<CacheKey, Uni<Envelope>> fetch) {
        return getAll(request, List.of(key), fetch).flatMap(answers -> answers.get(key));
    }

    /**
     * A wave of resources: one L1 pass and one Redis MGET for what L1 lacks; then, per key, an
     * answer that is either cached or a fetch. Subscribing to all answers together sends all the
     * fetches at once; each answer fails on its own (one missing topic does not fail its siblings).
     */
    public Uni<Map<CacheKey, Uni<Envelope>>> getAll(ClientRequest request, List<CacheKey> keys,
            Function<CacheKey, Uni<Envelope>> fetch) {
        return lookup(keys).map(cached -> {
            Map<CacheKey, Uni<Envelope>> answers = new LinkedHashMap<>();
            for (CacheKey key : keys) {
                answers.computeIfAbsent(key, k -> resolve(request, k, cached.get(k), fetch).memoize().indefinitely());
            }
            return answers;
        });
    }

    /** The entry when it is fresh (and reported as served), else null; never calls the upstream. */
    public Uni<Envelope> fresh(ClientRequest request, CacheKey key) {
        return lookup(List.of(key)).map(found -> {
            CachedEnvelope entry = found.get(key);
            long now = System.currentTimeMillis();
            long ttl = ttl(key.kind()).toMillis();
            if (entry == null || entry.ageMillis(now) > ttl) {
                return null;
            }
            report(request, key, entry, false, ttl, now);
            return entry.envelope();
        });
    }

    /** Only what is cached (fresh or within its stale windows); never calls the upstream. */
    public Uni<Map<CacheKey, CachedEnvelope>> peek(List<CacheKey> keys) {
        return lookup(keys);
    }

    /** Stores entries the caller already has (e.g. list items), in one pipelined batch. */
    public Uni<Void> putAll(Map<CacheKey, Envelope> entries) {
        long now = System.currentTimeMillis();
        List<SharedRedis.Write> writes = new ArrayList<>(entries.size());
        entries.forEach((key, envelope) -> writes.add(storeLocally(key, new CachedEnvelope(envelope, now))));
        return redis.write(writes);
    }

    /** Drops the given resources and every page of the given collections, in both tiers. */
    public Uni<Void> invalidate(List<CacheKey> resources, List<CacheKey> collectionsOf) {
        changes.accept(CacheChange.INVALIDATED); // whole answers may contain any of it
        List<String> keys = new ArrayList<>();
        for (CacheKey key : resources) {
            keys.add(key.redisKey(prefix));
            l1.invalidate(key.redisKey(prefix));
        }
        List<String> indexes = new ArrayList<>();
        for (CacheKey page : collectionsOf) {
            indexes.add(page.indexKey(prefix));
            String pagesPrefix = page.collectionPrefix(prefix);
            l1.asMap().keySet().removeIf(k -> k.startsWith(pagesPrefix));
        }
        return redis.delete(keys, indexes);
    }

    /** Forgets every in-process entry (Redis is left alone); for tests and operators. */
    public void clearLocal() {
        l1.invalidateAll();
        changes.accept(CacheChange.INVALIDATED);
    }

    private Uni<Map<CacheKey, CachedEnvelope>> lookup(List<CacheKey> keys) {
        Map<CacheKey, CachedEnvelope> found = new HashMap<>();
        List<CacheKey> missing = new ArrayList<>();
        for (CacheKey key : keys) {
            CachedEnvelope local = l1.getIfPresent(key.redisKey(prefix));
            metrics.lookup(CacheMetrics.Tier.L1, key.kind(), local != null);
            if (local != null) {
                found.put(key, local);
            } else if (!missing.contains(key)) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        boolean askingRedis = redis.available();
        return redis.mget(missing.stream().map(k -> k.redisKey(prefix)).toList()).map(values -> {
            for (int i = 0; i < missing.size(); i++) {
                CachedEnvelope shared = CachedEnvelope.fromJson(values.get(i));
                if (askingRedis) {
                    metrics.lookup(CacheMetrics.Tier.REDIS, missing.get(i).kind(), shared != null);
                }
                if (shared != null) {
                    found.put(missing.get(i), shared);
                    l1.put(missing.get(i).redisKey(prefix), shared);
                }
            }
            return found;
        });
    }

    private Uni<Envelope> resolve(ClientRequest request, CacheKey key, CachedEnvelope cached, Function<CacheKey, Uni<Envelope>> fetch) {
        long now = System.currentTimeMillis();
        long ttl = ttl(key.kind()).toMillis();
        if (cached != null) {
            long age = cached.ageMillis(now);
            if (age <= ttl) {
                report(request, key, cached, false, ttl, now);
                return Uni.createFrom().item(cached.envelope());
            }
            if (age <= ttl + config.staleWhileRevalidate().toMillis()) {
                report(request, key, cached, true, ttl, now);
                metrics.stale(key.kind(), false);
                refreshInBackground(key, fetch);
                return Uni.createFrom().item(cached.envelope());
            }
        }
        return fetchOnce(key, fetch)
                .onItem().invoke(fresh -> report(request, key, fresh, false, ttl, System.currentTimeMillis()))
                .map(CachedEnvelope::envelope)
                .onFailure(failure -> cached != null && servesStaleOn(failure)
                        && cached.ageMillis(System.currentTimeMillis()) <= ttl + config.staleIfError().toMillis())
                .recoverWithItem(() -> {
                    report(request, key, cached, true, ttl, System.currentTimeMillis());
                    metrics.stale(key.kind(), true);
                    return cached.envelope();
                });
    }

    private Uni<CachedEnvelope> fetchOnce(CacheKey key, Function<CacheKey, Uni<Envelope>> fetch) {
        String redisKey = key.redisKey(prefix);
        long ttl = ttl(key.kind()).toMillis();
        return singleFlight.run(redisKey, () -> {
            // Checked again inside the flight: a fetch in this instance that finished between our
            // lookup and now already stored what we need (another instance's is caught by the lock).
            CachedEnvelope current = l1.getIfPresent(redisKey);
            if (current != null && current.ageMillis(System.currentTimeMillis()) <= ttl) {
                return Uni.createFrom().item(current);
            }
            return fetch.apply(key).flatMap(envelope -> {
                CachedEnvelope entry = new CachedEnvelope(envelope, System.currentTimeMillis());
                // Written before the lock is released, so instances waiting on the lock find it.
                SharedRedis.Write write = storeLocally(key, entry);
                changes.accept(CacheChange.ARRIVED);
                return redis.write(List.of(write)).replaceWith(entry);
            });
        });
    }

    private void refreshInBackground(CacheKey key, Function<CacheKey, Uni<Envelope>> fetch) {
        fetchOnce(key, fetch).subscribe().with(
                refreshed -> LOG.debugf("Refreshed %s in the background", key.resource()),
                failure -> LOG.debugf("Background refresh of %s failed: %s", key.resource(),
                        failure.getClass().getSimpleName()));
    }

    private SharedRedis.Write storeLocally(CacheKey key, CachedEnvelope entry) {
        String redisKey = key.redisKey(prefix);
        String json = entry.toJson();
        l1.put(redisKey, new CachedEnvelope(entry.envelope(), entry.fetchedAtMillis(), json.length()));
        Duration keep = ttl(key.kind()).plus(config.staleIfError()).plus(config.staleWhileRevalidate());
        return new SharedRedis.Write(redisKey, json, keep, key.indexKey(prefix));
    }

    /** Upstream trouble, not an answer: an old value is better than none. */
    private static boolean servesStaleOn(Throwable failure) {
        return GatewayFailures.is(failure, ErrorCode.UPSTREAM_UNAVAILABLE) || GatewayFailures.is(failure, ErrorCode.RATE_LIMITED);
    }

    /** Tells the request what its answer is built from (and so whether and how long it may be kept). */
    private static void report(ClientRequest request, CacheKey key, CachedEnvelope entry, boolean stale, long ttlMillis,
            long now) {
        long age = entry.ageMillis(now);
        request.builtFrom(new ClientRequest.Source(key.resource(), key.kind().isPrivate(), stale, age / 1000,
                Math.max(0, ttlMillis - age)));
    }

    /** How long entries of a kind are fresh (v2ex.cache.ttl.*). */
    private Duration ttl(CacheKind kind) {
        V2exConfig.Cache.Ttl ttl = config.ttl();
        return switch (kind) {
            case TOPIC -> ttl.topic();
            case TOPIC_ITEM, NODE_TOPICS -> ttl.nodeTopics();
            case NODE -> ttl.node();
            case REPLIES -> ttl.replies();
            case MEMBER -> ttl.member();
            case TOKEN -> ttl.token();
            case NOTIFICATIONS -> ttl.notifications();
        };
    }

    private long maxTtlMillis() {
        long max = 0;
        for (CacheKind kind : CacheKind.values()) {
            max = Math.max(max, ttl(kind).toMillis());
        }
        return max;
    }
}
