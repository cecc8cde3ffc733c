package dev.v2exgraphql.http;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start when the HTTP access log would write callers' tokens. Quarkus masks the
 * {@code Authorization} header in {@code %{ALL_REQUEST_HEADERS}} (and so in the {@code long}
 * pattern), but {@code %{i,Authorization}} prints it as sent: a bearer token in every log line.
 */
@ApplicationScoped
public class AccessLogCheck {

    @ConfigProperty(name = "quarkus.http.access-log.enabled", defaultValue = "false")
    boolean enabled;
    @ConfigProperty(name = "quarkus.http.access-log.pattern", defaultValue = "common")
    String pattern;

    void check(@Observes StartupEvent start) {
        if (enabled && logsAuthorization(pattern)) {
            throw new IllegalStateException("quarkus.http.access-log.pattern prints the Authorization header, which "
                    + "carries callers' tokens; remove %{i,Authorization} (%{ALL_REQUEST_HEADERS} masks it)");
        }
    }

    /** Whether an access-log pattern prints the Authorization request header unmasked. */
    public static boolean logsAuthorization(String pattern) {
        return pattern.toLowerCase(Locale.ROOT).replaceAll("\\s", "").contains("%{i,authorization}");
    }
}
