package dev.v2exgraphql.cache;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.v2exgraphql.config.V2exConfig;
import dev.v2exgraphql.redis.SharedRedis;
import io.smallrye.mutiny.Uni;

/**
 * The texts of persisted queries by their SHA-256: in process (bounded by characters) and, when
 * Redis is configured, in Redis too, so a query registered through one instance is known to all.
 * A hash always names the same text, so either tier may keep an entry for the whole TTL.
 */
@ApplicationScoped
public class PersistedQueryStore {

    private final SharedRedis redis;
    private final String prefix;
    private final V2exConfig.Apq config;
    private final Cache<String, String> local;

    @Inject
    public PersistedQueryStore(SharedRedis redis, V2exConfig config) {
        this.redis = redis;
        this.prefix = config.cache().keyPrefix() + ":apq:";
        this.config = config.apq();
        this.local = Caffeine.newBuilder()
                .maximumWeight(this.config.l1MaxChars())
                .<String, String> weigher((hash, query) -> hash.length() + query.length())
                .expireAfterWrite(this.config.ttl())
                .build();
    }

    /** The query, when this instance has it (no I/O). */
    public String local(String hash) {
        return local.getIfPresent(hash);
    }

    /** The query from this instance or Redis; null when neither knows the hash (or Redis is down). */
    public Uni<String> find(String hash) {
        String known = local(hash);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return redis.get(prefix + hash).invoke(query -> {
            if (query != null) {
                local.put(hash, query);
            }
        });
    }

    /** Keeps the query in both tiers; the Redis write goes out in the background. */
    public void store(String hash, String query) {
        local.put(hash, query);
        redis.write(List.of(new SharedRedis.Write(prefix + hash, query, config.ttl(), null)))
                .subscribe().with(done -> {
                }, failure -> {
                }); // failures are handled (and logged once) by the tier
    }

    /** Forgets the in-process tier (tests: as if another instance answered). */
    public void clearLocal() {
        local.invalidateAll();
    }
}
