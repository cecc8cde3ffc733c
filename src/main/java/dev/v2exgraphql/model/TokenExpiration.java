package dev.v2exgraphql.model;

import org.eclipse.microprofile.graphql.Description;

@Description("Lifetime of a new personal access token; the upstream accepts exactly these four.")
public enum TokenExpiration {
    DAYS_30(30),
    DAYS_60(60),
    DAYS_90(90),
    DAYS_180(180);

    private final int days;

    TokenExpiration(int days) {
        this.days = days;
    }

    /** The upstream's {@code expiration} parameter: the lifetime in seconds. */
    public long seconds() {
        return days * 86_400L;
    }
}
