package dev.v2exgraphql.request;

import dev.v2exgraphql.error.GatewayException;

/** Reads the caller's personal access token from an {@code Authorization} header value. */
public final class BearerToken {

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
        if (token.isEmpty() || token.length() > MAX_LENGTH || !isToken68(token)) {
            throw GatewayException.unauthenticated("The bearer token is malformed");
        }
        return token;
    }

    /**
     * RFC 6750 token68: {@code [A-Za-z0-9-._~+/]+=*}. V2EX tokens are UUIDs, which fit; anything else
     * is refused early. A loop rather than a regex: it runs on every request, cached answers included.
     */
    static boolean isToken68(String token) {
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A form safe to show: enough to recognise a token, never enough to use it. */
    public static String mask(String token) {
        if (token == null || token.length() < 12) {
            return "****";
        }
        return token.substring(0, 4) + "…" + token.substring(token.length() - 4);
    }
}
