package dev.v2exgraphql.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything tunable about the facade, in one place. Every key is documented in the README;
 * each can also be set as an environment variable (e.g. {@code V2EX_API_BASE_URL}).
 */
@ConfigMapping(prefix = "v2ex")
public interface V2exConfig {

    Api api();

    Demo demo();

    interface Api {
        /** Root of the V2EX API v2; every endpoint path is resolved against it. */
        @WithDefault("https://www.v2ex.com/api/v2/")
        String baseUrl();

        /**
         * Site that root-relative links in HTML fields point to. Defaults to the scheme and host of
         * the base URL, which is right for v2ex.com and its mirrors.
         */
        Optional<String> siteUrl();

        /** V2EX asks clients to identify themselves; a generic client UA risks being blocked. */
        @WithDefault("v2ex-graphql/0.1.0")
        String userAgent();

        /** Time allowed to open a TCP/TLS connection to the upstream. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Time allowed for one whole upstream call, from sending to the last byte of the body. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** Connections kept per upstream host; a node page fans out up to 20 detail calls at once. */
        @WithDefault("32")
        int maxConnections();
    }

    interface Demo {
        /**
         * Start the built-in fake V2EX API in-process and point {@code v2ex.api.base-url} at it, so
         * the service can be tried offline with the demo tokens. On in dev mode, off in prod.
         */
        @WithDefault("false")
        boolean enabled();

        /** Port of the demo upstream on 127.0.0.1. */
        @WithDefault("8089")
        int port();
    }
}
