package dev.v2exgraphql.budget;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-client counts one call adds to, named as fields of the budget record (so one Redis key,
 * and one atomic script, holds a window's budget and every share of it; a new window starts them
 * all from zero): {@code t:} its token; {@code a:} its address, when a trusted proxy reported it;
 * {@code n:} its address when the token is not accepted yet. A null name is not counted.
 */
record Counters(String token, String address, String newTokens) {

    /**
     * @param proxies how far the request's address can be believed (see {@link ProxyTrust})
     */
    static Counters of(Charge charge, ProxyTrust proxies) {
        boolean known = charge.addressHash() != null;
        String address = proxies.addressIdentifiesClient() && known && charge.addressReported()
                ? "a:" + charge.addressHash() : null;
        // The new-token allowance follows the address only where a client cannot forge it; else
        // (forwarded headers believed from anyone) there is one allowance for the whole deployment.
        String newTokens = charge.tokenAccepted() ? null
                : "n:" + (proxies.addressBelieved() && known ? charge.addressHash() : "-");
        return new Counters(charge.tokenHash() == null ? null : "t:" + charge.tokenHash(), address, newTokens);
    }

    /** The names a client share applies to. */
    List<String> clients() {
        List<String> names = new ArrayList<>(2);
        if (token != null) {
            names.add(token);
        }
        if (address != null) {
            names.add(address);
        }
        return names;
    }

    /** As the ACQUIRE script reads them: '' for a name that is not counted. */
    List<String> args() {
        return List.of(orEmpty(token), orEmpty(address), orEmpty(newTokens));
    }

    private static String orEmpty(String name) {
        return name == null ? "" : name;
    }
}
