package dev.v2exgraphql.model;

import java.util.Locale;

import org.eclipse.microprofile.graphql.Description;

@Description("What a personal access token may do. REGULAR tokens cannot create further tokens.")
public enum TokenScope {
    EVERYTHING,
    REGULAR;

    public String upstreamValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unknown scopes are read as REGULAR: never claim more power than a token is known to have. */
    public static TokenScope fromUpstream(String scope) {
        return "everything".equalsIgnoreCase(scope) ? EVERYTHING : REGULAR;
    }
}
