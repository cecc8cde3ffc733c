package dev.v2exgraphql.upstream;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.MultiMap;

/**
 * Remembers the upstream's latest {@code X-Rate-Limit-*} headers (600 requests/hour/IP by default).
 * For now it only observes; the quota governor builds on it.
 */
@ApplicationScoped
public class QuotaTracker {

    /** The budget as the upstream last reported it. */
    public record Snapshot(int limit, int remaining, long resetEpochSeconds, Instant observedAt) {
    }

    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final Clock clock = Clock.systemUTC();

    void record(MultiMap headers) {
        Long limit = number(headers.get("X-Rate-Limit-Limit"));
        Long remaining = number(headers.get("X-Rate-Limit-Remaining"));
        Long reset = number(headers.get("X-Rate-Limit-Reset"));
        if (limit != null && remaining != null && reset != null) {
            latest.set(new Snapshot(limit.intValue(), remaining.intValue(), reset, clock.instant()));
        }
    }

    public Snapshot latest() {
        return latest.get();
    }

    /** Seconds until the window resets: from the given headers, else the last snapshot, else empty. */
    OptionalLong secondsUntilReset(MultiMap headers) {
        Long retryAfter = number(headers.get("Retry-After"));
        if (retryAfter != null) {
            return OptionalLong.of(retryAfter);
        }
        Long reset = number(headers.get("X-Rate-Limit-Reset"));
        if (reset == null && latest.get() != null) {
            reset = latest.get().resetEpochSeconds();
        }
        return reset == null ? OptionalLong.empty()
                : OptionalLong.of(Math.max(0, reset - clock.instant().getEpochSecond()));
    }

    static Long number(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
