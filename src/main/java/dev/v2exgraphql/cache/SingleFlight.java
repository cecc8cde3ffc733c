package dev.v2exgraphql.cache;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.redis.SharedRedis;
import io.smallrye.mutiny.Uni;

/**
 * Concurrent identical misses make one upstream call: inside an instance, callers share the one
 * in-flight Uni; across instances, a short Redis lock ({@code SET NX PX}) elects one fetcher while
 * the others poll for its result, for a bounded time, then fetch themselves. A dead holder's lock
 * simply expires.
 */
final class SingleFlight {

    private final Map<String, Uni<CachedEnvelope>> inFlight = new ConcurrentHashMap<>();
    private final SharedRedis redis;
    private final V2exConfig.Cache config;
    private final Runnable onJoin;

    /** @param onJoin told whenever a caller joins a fetch already in flight (for metrics) */
    SingleFlight(SharedRedis redis, V2exConfig.Cache config, Runnable onJoin) {
        this.redis = redis;
        this.config = config;
        this.onJoin = onJoin;
    }

    Uni<CachedEnvelope> run(String key, Supplier<Uni<CachedEnvelope>> fetchAndStore) {
        return Uni.createFrom().deferred(() -> {
            Uni<CachedEnvelope> running = inFlight.get(key);
            if (running != null) {
                onJoin.run();
                return running;
            }
            return inFlight.computeIfAbsent(key, k -> acrossInstances(k, fetchAndStore)
                    .onTermination().invoke(() -> inFlight.remove(k))
                    .memoize().indefinitely());
        });
    }

    private Uni<CachedEnvelope> acrossInstances(String key, Supplier<Uni<CachedEnvelope>> fetchAndStore) {
        if (!redis.available()) {
            return Uni.createFrom().deferred(fetchAndStore::get);
        }
        String lock = key + ":lock";
        String owner = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + config.lockWait().toNanos();
        // The entry is written before the lock goes (fetchAndStore ends with the write), so others
        // polling find it; the caller does not wait for the release: it has what it asked for.
        return redis.tryLock(lock, owner, config.lockTtl()).flatMap(mine -> mine
                ? Uni.createFrom().deferred(fetchAndStore::get)
                        .onTermination().invoke(() -> redis.unlock(lock, owner).subscribe().with(released -> {
                        }))
                : awaitOther(key, deadline, fetchAndStore));
    }

    /** Another instance is fetching: poll for its result; past the deadline, fetch ourselves. */
    private Uni<CachedEnvelope> awaitOther(String key, long deadline, Supplier<Uni<CachedEnvelope>> fetchAndStore) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(config.lockPoll())
                .flatMap(v -> redis.get(key))
                .flatMap(text -> {
                    CachedEnvelope entry = CachedEnvelope.fromJson(text);
                    if (entry != null && entry.ageMillis(System.currentTimeMillis()) < config.lockWait().toMillis()) {
                        return Uni.createFrom().item(entry);
                    }
                    return System.nanoTime() >= deadline ? Uni.createFrom().deferred(fetchAndStore::get)
                            : awaitOther(key, deadline, fetchAndStore);
                });
    }
}
