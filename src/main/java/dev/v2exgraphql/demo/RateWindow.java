package dev.v2exgraphql.demo;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A fixed rate-limit window, as the upstream keeps one per client address: a quota of requests
 * that starts afresh once the window has run out. Limit and length are given on each call rather
 * than fixed here: the demo always passes 600 an hour, the tests' fake passes its knobs, and a
 * changed knob applies from the next call without restarting the window.
 */
public final class RateWindow {

    /** The quota after (or without) consuming one request; sent as the X-Rate-Limit-* headers. */
    public record Quota(int limit, int remaining, long resetEpochSeconds, boolean allowed) {

        /** Seconds until the window resets, as Retry-After says it; at least 1. */
        public long retryAfterSeconds() {
            return retryAfterSeconds(System.currentTimeMillis());
        }

        long retryAfterSeconds(long nowMillis) {
            // Both ends rounded up, so a fresh window never advertises more than its length.
            return Math.max(1, resetEpochSeconds - (nowMillis + 999) / 1000);
        }
    }

    private final LongSupplier clock;
    private long startMillis; // guarded by this
    private int used;         // guarded by this

    public RateWindow() {
        this(System::currentTimeMillis);
    }

    /** With a clock of the caller's (milliseconds since the epoch), so the window can be tested without waiting. */
    RateWindow(LongSupplier clock) {
        this.clock = clock;
        this.startMillis = clock.getAsLong();
    }

    /** Counts one request and says whether it is within the limit (a refused one counts too). */
    public synchronized Quota consume(int limit, Duration length) {
        roll(length);
        used++;
        return quota(limit, length, used <= limit);
    }

    /** The quota as it stands, consuming nothing. */
    public synchronized Quota peek(int limit, Duration length) {
        roll(length);
        return quota(limit, length, true);
    }

    /** Starts a new window now with the full quota. */
    public synchronized void restart() {
        startMillis = clock.getAsLong();
        used = 0;
    }

    private Quota quota(int limit, Duration length, boolean allowed) {
        long reset = (startMillis + length.toMillis() + 999) / 1000;
        return new Quota(limit, Math.max(0, limit - used), reset, allowed);
    }

    private void roll(Duration length) {
        long now = clock.getAsLong();
        if (now >= startMillis + length.toMillis()) {
            startMillis = now;
            used = 0;
        }
    }
}
