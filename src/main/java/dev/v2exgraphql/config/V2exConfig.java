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

    Cache cache();

    Resilience resilience();

    Quota quota();

    Frontend frontend();

    Apq apq();

    TestSupport testSupport();

    Limits limits();

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

    /** The two-tier cache: L1 in-process (Caffeine), L2 Redis when {@code quarkus.redis.hosts} is set. */
    interface Cache {
        /** Prefix of every Redis key; bump the version part to orphan old entries after a format change. */
        @WithDefault("v2gql:v1")
        String keyPrefix();

        /**
         * Size of the in-process tier, counted in characters of the entries' JSON (least recently
         * used go first); in memory an entry takes a few times its JSON length.
         */
        @WithDefault("16000000")
        long l1MaxChars();

        /**
         * With Redis: how long an instance trusts an in-process copy without asking Redis while it
         * may miss other instances' invalidations (its pub/sub subscription is down, or came back
         * after a gap), and how long it keeps a whole answer. While it hears them, fresh copies
         * serve for their TTL. Without Redis, L1 keeps entries as long as their TTL and stale
         * windows allow.
         */
        @WithDefault("5s")
        Duration l1Ttl();

        /** How long each kind of data is fresh. */
        Ttl ttl();

        /** Size of the in-process cache of whole answers to public queries, in characters (0: off). */
        @WithDefault("8000000")
        long responseCacheChars();

        /** Past its TTL, an entry is served at once (marked stale) while one background refresh runs. */
        @WithDefault("2m")
        Duration staleWhileRevalidate();

        /** Past its TTL, an entry is still served (marked stale) when the upstream fails or the quota is spent. */
        @WithDefault("1h")
        Duration staleIfError();

        /** Cross-instance single-flight: how long the fetch lock lives if its holder dies. */
        @WithDefault("5s")
        Duration lockTtl();

        /** How long a waiting instance polls for the lock holder's result before fetching itself. */
        @WithDefault("3s")
        Duration lockWait();

        /** Interval between those polls. */
        @WithDefault("25ms")
        Duration lockPoll();

        /** A Redis command taking longer counts as Redis being unreachable. */
        @WithDefault("500ms")
        Duration redisTimeout();

        /** After Redis failed, how long to serve from L1 + upstream only before trying Redis again. */
        @WithDefault("2s")
        Duration redisRetry();

        interface Ttl {
            @WithDefault("60s")
            Duration topic();

            @WithDefault("10m")
            Duration node();

            @WithDefault("30s")
            Duration nodeTopics();

            @WithDefault("60s")
            Duration replies();

            @WithDefault("5m")
            Duration member();

            @WithDefault("60s")
            Duration token();

            @WithDefault("30s")
            Duration notifications();
        }
    }

    /** SmallRye Fault Tolerance around every upstream call. */
    interface Resilience {
        /** Longest an upstream attempt may take before it counts as failed. */
        @WithDefault("5s")
        Duration timeout();

        /** Retries of a failed GET (never of a mutation). */
        @WithDefault("2")
        int maxRetries();

        /** Pause before a retry ... */
        @WithDefault("100ms")
        Duration retryDelay();

        /** ... give or take up to this much, so instances do not retry in lockstep. */
        @WithDefault("50ms")
        Duration retryJitter();

        /** Upstream calls in flight at once, all families together; more wait in the queue. */
        @WithDefault("32")
        int bulkheadLimit();

        /** Calls waiting for a bulkhead slot; beyond that a call fails at once. */
        @WithDefault("512")
        int bulkheadQueue();

        /** Circuit breaker (one per family: topics, nodes, private): calls in its rolling window. */
        @WithDefault("20")
        int breakerWindow();

        /** Share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker fails fast before letting trial calls through (half-open). */
        @WithDefault("10s")
        Duration breakerDelay();

        /** Successful trial calls that close a half-open breaker again. */
        @WithDefault("2")
        int breakerSuccessThreshold();
    }

    /** The upstream quota (600 requests/hour/IP), shared by every instance through Redis when configured. */
    interface Quota {
        /**
         * Requests kept back for private reads and mutations: once the remaining budget is this low,
         * public cache misses (and calls of tokens the upstream has not accepted yet) are answered
         * from stale data or RATE_LIMITED instead of going upstream.
         */
        @WithDefault("60")
        int reserve();

        /**
         * The most one client may spend of a window's budget, in percent of its limit: a client is
         * its token, and also its address when a trusted proxy reports it
         * ({@code quarkus.http.proxy.trusted-proxies}). Over it, the client gets cached or stale
         * data, or RATE_LIMITED until the reset, while the others go on.
         */
        @WithDefault("50")
        int clientSharePercent();

        /**
         * What calls of tokens the upstream has not accepted yet may spend from one address, in
         * percent of a window's limit (at least one call): invented tokens cannot become a stream of
         * upstream calls. A token the upstream accepted is never refused by this.
         */
        @WithDefault("3")
        int newTokenSharePercent();

        /**
         * How long a token the upstream refused (invalid or expired) is answered UNAUTHENTICATED
         * without asking the upstream again; shared through Redis when configured.
         */
        @WithDefault("15m")
        Duration badTokenTtl();

        /**
         * The most upstream calls one request may cost at worst (estimated from its document and
         * variables before anything runs); above it the request is refused with QUERY_TOO_EXPENSIVE.
         * The default is a tenth of the upstream's hour.
         */
        @WithDefault("60")
        int maxRequestCost();

        /**
         * Calls per window the service allows itself when the upstream's answers carry no
         * {@code X-Rate-Limit-*} headers (a mirror, or a proxy that strips them); with headers, the
         * upstream's own figures rule.
         */
        @WithDefault("600")
        int assumedLimit();

        /** The length of that window: it starts with the first call made without known figures. */
        @WithDefault("1h")
        Duration assumedWindow();
    }

    /** The example web page at {@code /} (files under META-INF/resources: index.html and app/). */
    interface Frontend {
        /** Serve the example page; on in dev mode, off otherwise (a production API needs no demo page). */
        @WithDefault("false")
        boolean enabled();
    }

    /**
     * Automatic Persisted Queries (Apollo's protocol): clients send a query's SHA-256 instead of its
     * text once the service knows it. Hashes live in the in-process tier and, when configured, in Redis.
     */
    interface Apq {
        /** Off: requests that carry a hash answer PERSISTED_QUERY_NOT_SUPPORTED. */
        @WithDefault("true")
        boolean enabled();

        /** How long a registered query is kept; a client that finds it gone registers it again. */
        @WithDefault("24h")
        Duration ttl();

        /** Longest query (in characters) that is stored; a longer one is run but not kept. */
        @WithDefault("20000")
        int maxQueryChars();

        /** Size of the in-process tier of registered queries, in characters (least recently used go first). */
        @WithDefault("4000000")
        long l1MaxChars();
    }

    /** Test-only: the reset endpoints the black-box tests use (see TestSupportRoutes). */
    interface TestSupport {
        /**
         * Serve {@code /test-support/*}, which empties in-process caches and resets breakers. Only the
         * tests' resource turns it on; never enable it in a deployment.
         */
        @WithDefault("false")
        boolean enabled();
    }

    /**
     * Limits on what one request may ask for. Depth, field count and parser tokens are SmallRye's
     * own properties ({@code quarkus.smallrye-graphql.instrumentation-query-depth},
     * {@code -complexity}, {@code parser-max-tokens}); these are the ones SmallRye has no key for.
     */
    interface Limits {
        /**
         * Aliases in one document (fragments counted where they are spread). Each alias of a field
         * with arguments can be one more upstream call, so this bounds what one request can cost.
         */
        @WithDefault("30")
        int maxAliases();

        /** Items in one list argument ({@code topics(ids:)}, {@code nodes(names:)}): one upstream call each. */
        @WithDefault("50")
        int maxListSize();

        /** Answer introspection ({@code __schema}, {@code __type}); {@code __typename} always works. */
        @WithDefault("true")
        boolean introspection();
    }
}
