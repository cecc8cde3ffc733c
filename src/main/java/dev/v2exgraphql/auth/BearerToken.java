package dev.v2exgraphql.auth;

import java.util.regex.Pattern;

import dev.v2exgraphql.error.GatewayException;

/** Reads the caller's personal access token from an {@code Authorization} header value. */
public final class BearerToken {

    /** RFC 6750 token68 characters; V2EX tokens are UUIDs, which fit. Anything else is refused early. */
    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final int MAX_LENGTH = 256;

    private BearerToken() {
    }

    /**
     * @return the token, or null when there is no header at all
     * @throws GatewayException UNAUTHENTICATED when a header is present but not a usable bearer token
     */
    public static String parse(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw GatewayException.unauthenticated("The Authorization header must be 'Bearer <token>'");
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty() || token.length() > MAX_LENGTH || !TOKEN68.matcher(token).matches()) {
            throw GatewayException.unauthenticated("The bearer token is malformed");
        }
        return token;
    }

    /** A form safe to show: enough to recognise a token, never enough to use it. */
    public static String mask(String token) {
        if (token == null || token.length() < 12) {
            return "****";
        }
        return token.substring(0, 4) + "…" + token.substring(token.length() - 4);
    }
}
