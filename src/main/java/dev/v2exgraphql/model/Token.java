package dev.v2exgraphql.model;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("The personal access token the request was made with.")
public record Token(
        @NonNull @Description("The first and last four characters; never the whole secret") String maskedToken,
        @NonNull TokenScope scope,
        @Description("Seconds until the token expires, counted when the response was made (0 once expired)") int expiresInSeconds,
        @Description("The token's whole lifetime in seconds") int lifetimeSeconds,
        @Description("When the token expires") Instant expiresAt,
        @Description("As the upstream reports it") Integer goodForDays,
        @Description("How many times the token was used") Integer totalUsed,
        Instant lastUsedAt,
        @NonNull Instant createdAt) {
}
