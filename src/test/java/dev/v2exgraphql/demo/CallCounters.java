package dev.v2exgraphql.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.v2exgraphql.v2ex.Endpoint;

/**
 * Every request the fake received, including faulted, rate-limited, unauthorised and unmatched
 * ones, so tests can assert what a query cost upstream. Also tracks how many requests per
 * endpoint were in flight at once, which proves that a batch really went out together.
 */
public final class CallCounters {

    /**
     * The key calls on an endpoint are counted under: its method and its route, e.g.
     * {@code "GET /topics/:id"} for {@link Endpoint#TOPIC}.
     */
    public static String key(Endpoint endpoint) {
        return endpoint.method().name() + " " + DemoApi.route(endpoint);
    }

    /** Endpoint key of requests that matched no API route. */
    public static final String UNMATCHED = "UNMATCHED";
    /** Endpoint key of hits on the target of an injected REDIRECT fault. */
    public static final String REDIRECT_TARGET = "GET /redirect-target";

    /**
     * One received request. endpoint is the {@link #key} (e.g. "GET /topics/:id"), path the
     * concrete path below /api/v2 (e.g. "/topics/1001"), query the raw query string or null,
     * token the raw bearer value or null.
     */
    public record RecordedCall(String method, String endpoint, String path, String query, String token,
                               String userAgent, long startedAtNanos) {
    }

    private final List<RecordedCall> calls = new ArrayList<>(); // guarded by itself
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> peak = new ConcurrentHashMap<>();

    /** Records the call and marks it in flight until {@link InFlight#finish()}. */
    InFlight begin(RecordedCall call) {
        synchronized (calls) {
            calls.add(call);
        }
        int now = inFlight.computeIfAbsent(call.endpoint(), k -> new AtomicInteger()).incrementAndGet();
        peak.computeIfAbsent(call.endpoint(), k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        return new InFlight(call.endpoint());
    }

    /** Handle for one in-flight request; finishing it twice is harmless (end and close may both fire). */
    final class InFlight {
        private final String endpoint;
        private final AtomicBoolean done = new AtomicBoolean();

        private InFlight(String endpoint) {
            this.endpoint = endpoint;
        }

        void finish() {
            if (done.compareAndSet(false, true)) {
                inFlight.get(endpoint).decrementAndGet();
            }
        }
    }

    public int total() {
        synchronized (calls) {
            return calls.size();
        }
    }

    /** Calls on one endpoint template, e.g. count("GET /nodes/:name/topics"). */
    public int count(String endpoint) {
        return (int) calls().stream().filter(c -> c.endpoint().equals(endpoint)).count();
    }

    /** Calls with this method on this concrete path (below /api/v2, without query), e.g. ("GET", "/topics/1001"). */
    public int countPath(String method, String concretePath) {
        return (int) calls().stream()
                .filter(c -> c.method().equalsIgnoreCase(method) && c.path().equals(concretePath))
                .count();
    }

    /** Calls that carried this bearer token (null counts calls without one). */
    public int countByToken(String token) {
        return (int) calls().stream().filter(c -> Objects.equals(c.token(), token)).count();
    }

    /** Hits on the redirect target, i.e. clients that followed an injected redirect. */
    public int redirectTargetHits() {
        return count(REDIRECT_TARGET);
    }

    /** A snapshot, in arrival order. */
    public List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The highest number of requests on this endpoint that were in flight at the same time. */
    public int maxInFlight(String endpoint) {
        AtomicInteger p = peak.get(endpoint);
        return p == null ? 0 : p.get();
    }

    /** The number of requests on this endpoint in flight right now. */
    public int inFlight(String endpoint) {
        AtomicInteger n = inFlight.get(endpoint);
        return n == null ? 0 : n.get();
    }

    /** Requests in flight right now, all endpoints together. */
    public int inFlightTotal() {
        return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * Forgets recorded calls and peaks. Requests still in flight stay counted as in flight, so a
     * peak measured after the reset stays correct.
     */
    public void reset() {
        synchronized (calls) {
            calls.clear();
        }
        peak.clear();
    }
}
