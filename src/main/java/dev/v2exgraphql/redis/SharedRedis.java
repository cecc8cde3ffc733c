package dev.v2exgraphql.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.v2exgraphql.config.V2exConfig;
import io.quarkus.arc.InjectableInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis, shared by every instance: the cache's second tier, the single-flight locks, the shared
 * budget and persisted queries all go through here. Optional (no {@code quarkus.redis.hosts} → not
 * used) and never in the way: a command that fails or is slow marks Redis down for a short while,
 * callers get their fallback ("nothing cached", "decide locally") instead of an error, and the next
 * try after that window reconnects.
 */
@ApplicationScoped
public class SharedRedis {

    private static final Logger LOG = Logger.getLogger(SharedRedis.class);

    /** Deletes a lock only if it is still ours: a lock that expired and was taken over stays. */
    private static final String RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    /** One write: an entry with its expiry, and the page index it belongs to (or null). */
    public record Write(String key, String value, Duration expiry, String indexKey) {
    }

    private final Redis redis;
    /** A Redis Cluster: keys of one batch or script must share a hash slot. */
    private final boolean cluster;
    private final Duration timeout;
    private final long retryNanos;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long retryAtNanos;

    @Inject
    public SharedRedis(InjectableInstance<Redis> redis, V2exConfig config,
            @ConfigProperty(name = "quarkus.redis.hosts") Optional<String> hosts,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        // The client bean is only touched when configured: without hosts Quarkus leaves it inactive.
        this(hosts.filter(h -> !h.isBlank()).isPresent() ? redis.get() : null, config,
                "cluster".equalsIgnoreCase(clientType));
    }

    /** Over the given client of a standalone Redis (null: no Redis); also how tests build a second instance. */
    public SharedRedis(Redis redis, V2exConfig config) {
        this(redis, config, false);
    }

    private SharedRedis(Redis redis, V2exConfig config, boolean cluster) {
        this.redis = redis;
        this.cluster = cluster;
        this.timeout = config.cache().redisTimeout();
        this.retryNanos = config.cache().redisRetry().toNanos();
        LOG.infof(redis == null ? "No Redis configured: in-process cache only" : "Redis cache tier enabled");
    }

    public boolean configured() {
        return redis != null;
    }

    /** Configured and not in a back-off window after a failure. */
    public boolean available() {
        return redis != null && (!down.get() || System.nanoTime() >= retryAtNanos);
    }

    /** Whether Redis answers right now (false when not configured); a success ends a back-off window. */
    public Uni<Boolean> ping() {
        if (redis == null) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        return guarded(redis.send(Request.cmd(Command.PING)).map(pong -> Boolean.TRUE), Boolean.FALSE);
    }

    /**
     * One round trip for a whole wave of keys; null where a key is missing, and null instead of
     * the list when Redis could not be asked (not configured, down, failing).
     */
    public Uni<List<String>> mget(List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (!available()) {
            return Uni.createFrom().nullItem();
        }
        if (cluster) {
            // The cluster client splits an MGET by hash slot but joins the replies out of order:
            // there each key is a GET of its own, all sent at once, answered in the keys' order.
            List<Uni<String>> gets = keys.stream()
                    .map(key -> redis.send(Request.cmd(Command.GET).arg(key)).map(SharedRedis::text))
                    .toList();
            return guarded(Uni.join().all(gets).andFailFast(), null);
        }
        Request mget = Request.cmd(Command.MGET);
        keys.forEach(mget::arg);
        return guarded(redis.send(mget).map(response -> {
            List<String> values = new ArrayList<>(keys.size());
            for (Response value : response) {
                values.add(text(value));
            }
            return values;
        }), null);
    }

    private static String text(Response value) {
        return value == null ? null : value.toString();
    }

    /** The value, or null when it is missing or Redis could not be asked. */
    public Uni<String> get(String key) {
        return mget(List.of(key)).map(values -> values == null ? null : values.get(0));
    }

    /** Sends a message to every instance subscribed to the channel; false when it could not be sent. */
    public Uni<Boolean> publish(String channel, String message) {
        if (!available()) {
            return Uni.createFrom().item(Boolean.FALSE);
        }
        return guarded(redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).map(r -> Boolean.TRUE),
                Boolean.FALSE);
    }

    /**
     * Keeps a connection subscribed to the channel until closed, reconnecting after losing it;
     * null when Redis is not configured.
     */
    public ChannelSubscription subscribe(String channel, ChannelSubscription.Listener listener) {
        if (redis == null) {
            return null;
        }
        // A subscription that just succeeded proves Redis answers: the commands that follow it (the
        // feed's epoch check) must not be skipped by a back-off window left from the outage.
        ChannelSubscription.Listener reachable = new ChannelSubscription.Listener() {
            @Override
            public void message(String text) {
                listener.message(text);
            }

            @Override
            public void subscribed() {
                markUp(null);
                listener.subscribed();
            }

            @Override
            public void lost() {
                listener.lost();
            }
        };
        ChannelSubscription subscription = new ChannelSubscription(redis, channel, reachable, Duration.ofNanos(retryNanos));
        subscription.start();
        return subscription;
    }

    /** Entries with their expiry, pipelined in one batch; page entries also join their index set. */
    public Uni<Void> write(List<Write> writes) {
        if (writes.isEmpty() || !available()) {
            return Uni.createFrom().voidItem();
        }
        // A batch must stay within one hash slot on a Cluster: there each key's commands go on
        // their own (all at once, each to the node of its slot); elsewhere one pipeline takes all.
        List<List<Request>> bySlot = new ArrayList<>();
        List<Request> batch = new ArrayList<>();
        for (Write w : writes) {
            String px = String.valueOf(Math.max(1, w.expiry().toMillis()));
            Request set = Request.cmd(Command.SET).arg(w.key()).arg(w.value()).arg("PX").arg(px);
            List<Request> index = w.indexKey() == null ? List.of()
                    : List.of(Request.cmd(Command.SADD).arg(w.indexKey()).arg(w.key()),
                            Request.cmd(Command.PEXPIRE).arg(w.indexKey()).arg(px));
            if (cluster) {
                bySlot.add(List.of(set));
                if (!index.isEmpty()) {
                    bySlot.add(index);
                }
            } else {
                batch.add(set);
                batch.addAll(index);
            }
        }
        if (!cluster) {
            return guarded(redis.batch(batch).replaceWithVoid(), null);
        }
        List<Uni<List<Response>>> sent = bySlot.stream().map(redis::batch).toList();
        return guarded(Uni.join().all(sent).andFailFast().replaceWithVoid(), null);
    }

    /** {@code SET key owner NX PX ttl}: true when this caller now holds the lock. */
    public Uni<Boolean> tryLock(String key, String owner, Duration ttl) {
        if (!available()) {
            return Uni.createFrom().item(Boolean.TRUE); // nobody to coordinate with
        }
        Request set = Request.cmd(Command.SET).arg(key).arg(owner).arg("NX").arg("PX")
                .arg(String.valueOf(ttl.toMillis()));
        return guarded(redis.send(set).map(response -> response != null), Boolean.TRUE);
    }

    public Uni<Void> unlock(String key, String owner) {
        if (!available()) {
            return Uni.createFrom().voidItem();
        }
        return guarded(redis.send(Request.cmd(Command.EVAL).arg(RELEASE_LOCK).arg(1).arg(key).arg(owner))
                .replaceWithVoid(), null);
    }

    /**
     * Runs a Lua script atomically; the reply, or null when Redis is not available (callers then
     * fall back to what they know locally).
     */
    public Uni<Response> eval(String script, List<String> keys, List<String> args) {
        if (!available()) {
            return Uni.createFrom().nullItem();
        }
        Request eval = Request.cmd(Command.EVAL).arg(script).arg(keys.size());
        keys.forEach(eval::arg);
        args.forEach(eval::arg);
        return guarded(redis.send(eval), null);
    }

    /** Deletes the keys, and every key listed in the given index sets (and the sets). */
    public Uni<Void> delete(List<String> keys, List<String> indexKeys) {
        if (!available() || (keys.isEmpty() && indexKeys.isEmpty())) {
            return Uni.createFrom().voidItem();
        }
        Uni<List<String>> indexed = Uni.createFrom().item(List.<String> of());
        for (String index : indexKeys) {
            indexed = indexed.flatMap(found -> redis.send(Request.cmd(Command.SMEMBERS).arg(index))
                    .map(members -> {
                        List<String> all = new ArrayList<>(found);
                        if (members != null) {
                            members.forEach(m -> all.add(m.toString()));
                        }
                        return all;
                    }));
        }
        return guarded(indexed.flatMap(members -> {
            Request del = Request.cmd(Command.DEL);
            keys.forEach(del::arg);
            indexKeys.forEach(del::arg);
            members.forEach(del::arg);
            return redis.send(del).replaceWithVoid();
        }), null);
    }

    private <T> Uni<T> guarded(Uni<T> command, T fallback) {
        return command.ifNoItem().after(timeout).fail()
                .onItem().invoke(this::markUp)
                .onFailure().recoverWithItem(failure -> {
                    // A full connection pool is a burst, not an outage: skip this command only.
                    if (!failure.getClass().getSimpleName().equals("ConnectionPoolTooBusyException")) {
                        markDown(failure);
                    }
                    return fallback;
                });
    }

    private void markUp(Object ignored) {
        if (down.compareAndSet(true, false)) {
            LOG.info("Redis is reachable again: the shared cache tier is back in use");
        }
    }

    private void markDown(Throwable failure) {
        retryAtNanos = System.nanoTime() + retryNanos;
        if (down.compareAndSet(false, true)) {
            // Once per outage: queries go on from the in-process cache and the upstream.
            LOG.warnf("Redis is unreachable (%s): serving from the in-process cache and the upstream until it returns",
                    failure.getClass().getSimpleName());
        }
    }
}
