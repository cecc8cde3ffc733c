package dev.v2exgraphql.cache;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.v2exgraphql.redis.ChannelSubscription;
import dev.v2exgraphql.redis.SharedRedis;
import dev.v2exgraphql.telemetry.CacheMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tells every other instance what this one dropped (a mutation's invalidation), over Redis
 * pub/sub, and applies what they dropped here: their in-process copies and whole answers go within
 * a Redis round trip, not when the in-process TTL ends. Pub/sub keeps nothing for a subscriber
 * that is away, so while the subscription is down (and until it is back) this instance is
 * <em>unsynced</em>: its in-process entries are trusted only for {@code v2ex.cache.l1-ttl}, then
 * checked against Redis; entries it kept from before the gap are checked the same way.
 *
 * <p>After a gap Redis's own epoch key tells whether Redis kept its data: if it did, entries kept
 * from before the gap are checked against it; if it lost everything (a restart without
 * persistence) it has nothing better, so they keep serving for their TTL, as without Redis.
 * Announcements Redis did not take while it was away are sent again once it is back.
 *
 * <p>A message names Redis keys (private ones carry the token's hash, never the token) and key
 * prefixes of dropped page collections.
 */
final class InvalidationFeed implements ChannelSubscription.Listener {

    private static final Logger LOG = Logger.getLogger(InvalidationFeed.class);
    /** Announcements kept for resending while Redis is away; beyond, the oldest go (and the gap metric says so). */
    private static final int PENDING_MAX = 1000;
    /** Sets the epoch unless there is one, and returns the one there is. */
    private static final String EPOCH = "redis.call('SET', KEYS[1], ARGV[1], 'NX') return redis.call('GET', KEYS[1])";

    /** What another instance dropped. */
    interface Receiver {
        void drop(List<String> keys, List<String> prefixes);

        /** Messages may have been missed: whatever was built from in-process entries may be out of date. */
        void mayHaveMissed();
    }

    private final String origin = UUID.randomUUID().toString();
    private final SharedRedis redis;
    private final String channel;
    private final Receiver receiver;
    private final CacheMetrics metrics;
    private final ChannelSubscription subscription;
    private final String epochKey;
    private final Deque<String> pending = new ArrayDeque<>();
    private volatile String epoch;
    private volatile boolean synced;
    private volatile boolean everSynced;
    /** Entries stored before this moment were kept while messages may have been missed. */
    private volatile long syncedSinceMillis = Long.MAX_VALUE;

    InvalidationFeed(SharedRedis redis, String prefix, Receiver receiver, CacheMetrics metrics) {
        this.redis = redis;
        this.channel = prefix + ":invalidations";
        this.epochKey = prefix + ":epoch";
        this.receiver = receiver;
        this.metrics = metrics;
        this.subscription = redis.subscribe(channel, this);
    }

    boolean synced() {
        return synced;
    }

    /** Whether an in-process entry stored at that time has heard of every invalidation since. */
    boolean covers(long storedAtMillis) {
        return synced && storedAtMillis >= syncedSinceMillis;
    }

    /** Tells the other instances; sent in the background (a lost message is bounded by their unsynced TTL). */
    void announce(List<String> keys, List<String> prefixes) {
        if (subscription == null || (keys.isEmpty() && prefixes.isEmpty())) {
            return;
        }
        String message = new JsonObject().put("from", origin).put("keys", new JsonArray(List.copyOf(keys)))
                .put("prefixes", new JsonArray(List.copyOf(prefixes))).encode();
        send(message);
    }

    private void send(String message) {
        redis.publish(channel, message).subscribe().with(sent -> {
            if (!sent) {
                keepForLater(message);
            }
        }, failure -> keepForLater(message));
    }

    private void keepForLater(String message) {
        metrics.invalidationUnsent();
        synchronized (pending) {
            if (pending.size() == PENDING_MAX) {
                pending.removeFirst();
            }
            pending.addLast(message);
        }
    }

    @Override
    public void message(String text) {
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (RuntimeException unreadable) {
            LOG.debug("Ignored an unreadable invalidation message");
            return;
        }
        if (origin.equals(message.getString("from"))) {
            return; // our own: already applied
        }
        metrics.invalidationReceived();
        receiver.drop(strings(message.getJsonArray("keys")), strings(message.getJsonArray("prefixes")));
    }

    @Override
    public void subscribed() {
        long now = System.currentTimeMillis();
        redis.eval(EPOCH, List.of(epochKey), List.of(UUID.randomUUID().toString())).subscribe().with(reply -> {
            String current = reply == null ? null : reply.toString();
            // Not known (Redis did not answer): assume it kept its data, and check.
            boolean kept = current == null || epoch == null || epoch.equals(current);
            if (current != null) {
                epoch = current;
            }
            if (kept || !everSynced) {
                syncedSinceMillis = now; // what we kept from before may have missed messages: check it
            }
            synced = true;
            metrics.invalidationSynced(true);
            if (everSynced) {
                LOG.infof("Listening to other instances' invalidations again (%s)", kept
                        ? "entries kept meanwhile are checked against Redis"
                        : "Redis lost its data: entries kept meanwhile serve for their TTL");
                receiver.mayHaveMissed();
            }
            everSynced = true;
            resendPending();
        }, failure -> lost());
    }

    private void resendPending() {
        List<String> again;
        synchronized (pending) {
            again = List.copyOf(pending);
            pending.clear();
        }
        again.forEach(this::send);
    }

    @Override
    public void lost() {
        if (synced) {
            LOG.warn("Lost the subscription to other instances' invalidations: in-process entries are "
                    + "trusted for the short l1-ttl only until it is back");
            metrics.invalidationGap();
        }
        synced = false;
        metrics.invalidationSynced(false);
    }

    void close() {
        if (subscription != null) {
            subscription.close();
        }
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
