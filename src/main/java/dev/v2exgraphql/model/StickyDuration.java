package dev.v2exgraphql.model;

import java.time.Duration;

import org.eclipse.microprofile.graphql.Description;

@Description("How long a topic stays pinned.")
public enum StickyDuration {
    MINUTES_15("15min", Duration.ofMinutes(15)),
    HOUR_1("1hr", Duration.ofHours(1)),
    HOURS_8("8hr", Duration.ofHours(8));

    private final String upstreamValue;
    private final Duration duration;

    StickyDuration(String upstreamValue, Duration duration) {
        this.upstreamValue = upstreamValue;
        this.duration = duration;
    }

    /** The value of the upstream's {@code duration} parameter. */
    public String upstreamValue() {
        return upstreamValue;
    }

    public Duration duration() {
        return duration;
    }
}
