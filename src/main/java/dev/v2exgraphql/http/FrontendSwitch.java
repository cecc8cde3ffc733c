package dev.v2exgraphql.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.v2exgraphql.config.V2exConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns the example page on or off. Quarkus serves its files from {@code META-INF/resources}
 * ({@code index.html} and {@code app/}) and has no switch for that, so this route runs before the
 * static handler: when the page is off it answers 404 for exactly those paths; when on it adds
 * headers that keep the page to its own origin and lets the static handler answer.
 */
@ApplicationScoped
public class FrontendSwitch {

    /** The page's paths: {@code /}, {@code /index.html} and everything under {@code /app/}. */
    static final String PATHS = "^/(index\\.html)?$|^/app/.*";

    /**
     * The page loads only its own scripts and styles and talks only to its own origin (so a token
     * pasted into it can go nowhere else); it shows upstream HTML as text, never as markup.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    void install(@Observes Router router, V2exConfig config) {
        // Before Quarkus's static resources and after nothing else that cares about these paths.
        router.routeWithRegex(PATHS).order(-10)
                .handler(config.frontend().enabled() ? FrontendSwitch::secure : FrontendSwitch::notFound);
    }

    private static void secure(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                // Not fingerprinted: a browser asks again each time, so a new version shows at once.
                .putHeader("Cache-Control", "no-cache");
        ctx.next();
    }

    private static void notFound(RoutingContext ctx) {
        ctx.response().setStatusCode(404).end();
    }
}
