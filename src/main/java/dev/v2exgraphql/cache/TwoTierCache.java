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

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
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
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * The cache in front of the upstream: L1 in-process (Caffeine) over L2 Redis (optional), with
 * per-kind TTLs, stale-while-revalidate, stale-if-error and single-flight fetching. Services ask it
 * for an {@link Envelope} by {@link CacheKey} and say how to fetch it; it decides whether the
 * upstream is called at all.
 *
 * <p>With Redis, L1 is a copy that other instances' invalidations reach through
 * {@link InvalidationFeed}: a fresh copy is served without asking Redis while that feed is live,
 * else for {@code l1-ttl} after it was stored; past that Redis is asked and its answer wins (a key
 * it lacks was dropped). When Redis cannot answer, the copy serves: Redis trouble never turns a
 * cached answer into an upstream call.
 */
@ApplicationScoped
public class TwoTierCache {

    private static final Logger LOG = Logger.getLogger(TwoTierCache.class);

    private final SharedRedis redis;
    private final SingleFlight singleFlight;
    private final V2exConfig.Cache config;
    private final String prefix;
    private final Cache<String, Local> l1;
    private final InvalidationFeed feed;

    private final Consumer<CacheChange> changes;
    private final CacheMetrics metrics;
    private final long l1TrustMillis;

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
                .weigher((String key, Local value) -> Math.max(1, value.entry().jsonChars()))
                .expireAfter(new Expiry<String, Local>() {
                    @Override
                    public long expireAfterCreate(String key, Local value, long currentTime) {
                        // As long as the entry may serve: also the copy to fall back on when Redis is gone.
                        return TimeUnit.MILLISECONDS.toNanos(maxTtlMillis() + keepMillis);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Local value, long currentTime,
                            long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Local value, long currentTime,
                            long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        this.feed = redis.configured() ? new InvalidationFeed(redis, prefix, new InvalidationFeed.Receiver() {
            @Override
            public void drop(List<String> keys, List<String> prefixes) {
                dropLocally(keys, prefixes);
            }

            @Override
            public void mayHaveMissed() {
                changes.accept(CacheChange.INVALIDATED);
            }
        }, metrics) : null;
        this.l1TrustMillis = l1Millis;
    }

    /** An L1 copy and when this instance stored it. */
    private record Local(CachedEnvelope entry, long storedAtMillis) {
    }

    /** Starts listening to other instances' invalidations with the application, not at the first query. */
    void start(@Observes StartupEvent started) {
        LOG.debugf("Cache ready (%s)", feed == null ? "in process only" : "with Redis");
    }

    @PreDestroy
    void stop() {
        if (feed != null) {
            feed.close();
        }
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

    /**
     * Drops the given resources and every page of the given collections, in both tiers, and tells
     * the other instances to drop their copies.
     */
    public Uni<Void> invalidate(List<CacheKey> resources, List<CacheKey> collectionsOf) {
        List<String> keys = new ArrayList<>();
        for (CacheKey key : resources) {
            keys.add(key.redisKey(prefix));
        }
        List<String> indexes = new ArrayList<>();
        List<String> pagePrefixes = new ArrayList<>();
        for (CacheKey page : collectionsOf) {
            indexes.add(page.indexKey(prefix));
            pagePrefixes.add(page.collectionPrefix(prefix));
        }
        dropLocally(keys, pagePrefixes);
        // Redis first: an instance told to drop its copy must not find the old entry there.
        return redis.delete(keys, indexes).invoke(() -> {
            if (feed != null) {
                feed.announce(keys, pagePrefixes);
            }
        });
    }

    /** Whether this instance hears every other instance's invalidations right now (false without Redis). */
    public boolean hearsOtherInstances() {
        return feed != null && feed.synced();
    }

    /** Forgets every in-process entry (Redis is left alone); for tests and operators. */
    public void clearLocal() {
        l1.invalidateAll();
        changes.accept(CacheChange.INVALIDATED);
    }

    private void dropLocally(List<String> keys, List<String> pagePrefixes) {
        changes.accept(CacheChange.INVALIDATED); // whole answers may contain any of it
        l1.invalidateAll(keys);
        for (String pages : pagePrefixes) {
            l1.asMap().keySet().removeIf(k -> k.startsWith(pages));
        }
    }

    /** Whether the L1 copy may answer without asking Redis (see the class comment). */
    private boolean servesAlone(CacheKey key, Local local, long now) {
        if (!redis.configured()) {
            return true;
        }
        if (local.entry().ageMillis(now) > ttl(key.kind()).toMillis()) {
            return false; // another instance may have refreshed it already
        }
        return now - local.storedAtMillis() <= l1TrustMillis || (feed != null && feed.covers(local.storedAtMillis()));
    }

    private Uni<Map<CacheKey, CachedEnvelope>> lookup(List<CacheKey> keys) {
        Map<CacheKey, CachedEnvelope> found = new HashMap<>();
        Map<CacheKey, CachedEnvelope> copies = new HashMap<>(); // to serve if Redis cannot be asked
        List<CacheKey> missing = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (CacheKey key : keys) {
            Local local = l1.getIfPresent(key.redisKey(prefix));
            boolean alone = local != null && servesAlone(key, local, now);
            metrics.lookup(CacheMetrics.Tier.L1, key.kind(), alone);
            if (alone) {
                found.put(key, local.entry());
            } else if (!missing.contains(key)) {
                missing.add(key);
                if (local != null) {
                    copies.put(key, local.entry());
                }
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return redis.mget(missing.stream().map(k -> k.redisKey(prefix)).toList()).map(values -> {
            if (values == null) {
                found.putAll(copies);
                return found;
            }
            long stored = System.currentTimeMillis();
            for (int i = 0; i < missing.size(); i++) {
                CacheKey key = missing.get(i);
                CachedEnvelope shared = CachedEnvelope.fromJson(values.get(i));
                metrics.lookup(CacheMetrics.Tier.REDIS, key.kind(), shared != null);
                if (shared != null) {
                    found.put(key, shared);
                    l1.put(key.redisKey(prefix), new Local(shared, stored));
                } else if (copies.containsKey(key)) {
                    l1.invalidate(key.redisKey(prefix)); // dropped (or expired) in Redis
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
            Local current = l1.getIfPresent(redisKey);
            if (current != null && current.entry().ageMillis(System.currentTimeMillis()) <= ttl) {
                return Uni.createFrom().item(current.entry());
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
        l1.put(redisKey, new Local(new CachedEnvelope(entry.envelope(), entry.fetchedAtMillis(), json.length()),
                System.currentTimeMillis()));
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
