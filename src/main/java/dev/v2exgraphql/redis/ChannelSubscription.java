package dev.v2exgraphql.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * One connection kept subscribed to one channel: messages go to the listener; when the connection
 * is lost (Redis restarted, a Sentinel failover, a Cluster node gone) the listener hears of it and
 * a new connection is tried every {@code retry} until one subscribes again. Messages published
 * between the two are lost, which is why the listener is told of both moments.
 */
public final class ChannelSubscription implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelSubscription.class);

    /** What a subscriber hears besides messages. */
    public interface Listener {
        void message(String text);

        /** Subscribed: from now on every message arrives. */
        void subscribed();

        /** The connection is gone: messages may be missed until {@link #subscribed()} again. */
        void lost();
    }

    private final Redis redis;
    private final String channel;
    private final Listener listener;
    private final Duration retry;
    private volatile boolean closed;
    private volatile RedisConnection connection;

    ChannelSubscription(Redis redis, String channel, Listener listener, Duration retry) {
        this.redis = redis;
        this.channel = channel;
        this.listener = listener;
        this.retry = retry;
    }

    void start() {
        if (closed) {
            return;
        }
        redis.connect().subscribe().with(this::subscribeOn, failure -> {
            LOG.debugf("Could not connect to subscribe to %s: %s", channel, failure.getClass().getSimpleName());
            later();
        });
    }

    private void subscribeOn(RedisConnection conn) {
        connection = conn;
        AtomicBoolean ended = new AtomicBoolean();
        Runnable lost = () -> {
            if (ended.compareAndSet(false, true)) {
                listener.lost();
                conn.close().subscribe().with(done -> {
                }, failure -> {
                });
                later();
            }
        };
        conn.handler(this::received);
        conn.exceptionHandler(failure -> lost.run());
        conn.endHandler(lost);
        conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).subscribe().with(reply -> {
            if (closed) {
                lost.run();
            } else {
                listener.subscribed();
            }
        }, failure -> lost.run());
    }

    /** RESP2 delivers messages as arrays, RESP3 as pushes; both read ["message", channel, text]. */
    private void received(Response response) {
        if (response != null && response.size() == 3 && "message".equals(response.get(0).toString())) {
            listener.message(response.get(2).toString());
        }
    }

    private void later() {
        if (!closed) {
            Uni.createFrom().voidItem().onItem().delayIt().by(retry).subscribe().with(v -> start());
        }
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection conn = connection;
        if (conn != null) {
            conn.close().subscribe().with(done -> {
            }, failure -> {
            });
        }
    }
}
