package dev.v2exgraphql.budget;

import java.util.List;
import java.util.Optional;

/**
 * How far a request's address can be believed, from Quarkus's proxy settings. Without address
 * forwarding the address is the TCP peer's: real, but behind an ingress the same for everyone.
 * With forwarding from configured trusted proxies it is the client's own, so it identifies a client.
 * With forwarding and no trusted proxies listed Quarkus believes the headers of anyone, so a client
 * could name any address it likes: it then counts for nothing.
 */
record ProxyTrust(boolean addressBelieved, boolean addressIdentifiesClient) {

    static ProxyTrust of(boolean forwarding, Optional<List<String>> trustedProxies) {
        boolean trusted = trustedProxies.filter(list -> !list.isEmpty()).isPresent();
        return new ProxyTrust(!forwarding || trusted, forwarding && trusted);
    }
}
