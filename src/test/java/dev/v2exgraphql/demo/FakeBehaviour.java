package dev.v2exgraphql.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.v2exgraphql.demo.RateWindow.Quota;

/**
 * Runtime knobs of the fake: latency, fault injection and the rate limit (by default the demo's:
 * 600 an hour, 429 once spent). Safe to change from a test thread while the server runs; setters
 * return {@code this} so they chain.
 */
public final class FakeBehaviour {

    /** What the rate-limit headers say while the limit is disabled. */
    public static final int UNLIMITED = 1_000_000_000;

    /** What an injected fault does to a request. */
    public enum FaultKind {
        /** 500 with an nginx-style HTML page (upstream errors are not guaranteed to be JSON). */
        HTTP_500,
        /** Never answers; the connection stays open until the client gives up or the server stops. */
        HANG,
        /** Closes the connection without sending a response. */
        RESET,
        /** Answers normally, but only after {@link #slowDelay()}. */
        SLOW,
        /** 403 text/html CDN challenge page: upstream trouble, not a permission error. */
        HTML_403,
        /** 200 with {"success":false,"message":"Something went wrong"}. */
        SUCCESS_FALSE_200,
        /** 200 with an HTML body. */
        NON_JSON_200,
        /** 302 to another loopback URL; hits on the target are counted. */
        REDIRECT
    }

    public static final int DEFAULT_RATE_LIMIT = RateLimitGate.LIMIT;
    public static final Duration DEFAULT_RATE_WINDOW = RateLimitGate.WINDOW;
    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(2);

    private volatile Duration latency = Duration.ZERO;

    private volatile double faultRate;
    private volatile FaultKind faultKind = FaultKind.HTTP_500;
    private volatile Duration slowDelay = DEFAULT_SLOW_DELAY;
    private volatile String faultEndpoint; // null: every endpoint
    private final AtomicLong faultTicks = new AtomicLong();

    private volatile boolean rateLimitEnabled = true;
    private volatile boolean rateHeaders = true;
    private volatile int rateLimit = DEFAULT_RATE_LIMIT;
    private volatile int exhaustedStatus = 429;
    private volatile Duration rateWindow = DEFAULT_RATE_WINDOW;
    // One window shared by every token: upstream limits per client IP, and all of ours are 127.0.0.1.
    private final RateWindow window = new RateWindow();

    /** Back to the defaults: no latency, no faults, rate limit 600/hour answering 429, fresh window. */
    public FakeBehaviour reset() {
        latency = Duration.ZERO;
        faultRate = 0;
        faultKind = FaultKind.HTTP_500;
        slowDelay = DEFAULT_SLOW_DELAY;
        faultEndpoint = null;
        faultTicks.set(0);
        rateLimitEnabled = true;
        rateHeaders = true;
        rateLimit = DEFAULT_RATE_LIMIT;
        exhaustedStatus = 429;
        rateWindow = DEFAULT_RATE_WINDOW;
        resetRateWindow();
        return this;
    }

    // ---- latency ----

    public FakeBehaviour latency(Duration latency) {
        this.latency = requireNonNegative(latency);
        return this;
    }

    public Duration latency() {
        return latency;
    }

    // ---- faults ----

    /**
     * Fraction of calls that fault, 0..1. The choice is deterministic, not random: call n (counted
     * from the last change) faults when floor(n*rate) > floor((n-1)*rate). So 1.0 faults every
     * call, 0.5 every second call (2nd, 4th, ...), 0.25 every fourth.
     */
    public FakeBehaviour faultRate(double rate) {
        if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("fault rate must be within 0..1: " + rate);
        }
        this.faultRate = rate;
        faultTicks.set(0);
        return this;
    }

    public double faultRate() {
        return faultRate;
    }

    public FakeBehaviour faultKind(FaultKind kind) {
        this.faultKind = java.util.Objects.requireNonNull(kind);
        return this;
    }

    public FaultKind faultKind() {
        return faultKind;
    }

    public FakeBehaviour slowDelay(Duration delay) {
        this.slowDelay = requireNonNegative(delay);
        return this;
    }

    public Duration slowDelay() {
        return slowDelay;
    }

    /** Restricts faults to one endpoint key such as "GET /topics/:id"; null for every endpoint. */
    public FakeBehaviour faultOnly(String endpointKey) {
        this.faultEndpoint = endpointKey;
        faultTicks.set(0);
        return this;
    }

    public String faultOnly() {
        return faultEndpoint;
    }

    /** The fault to inject into this call, or null. Only calls on the fault endpoint tick the counter. */
    FaultKind nextFault(String endpointKey) {
        double rate = faultRate;
        String only = faultEndpoint;
        if (rate <= 0 || (only != null && !only.equals(endpointKey))) {
            return null;
        }
        long n = faultTicks.incrementAndGet();
        return Math.floor(n * rate) > Math.floor((n - 1) * rate) ? faultKind : null;
    }

    // ---- rate limit ----

    public FakeBehaviour rateLimitEnabled(boolean enabled) {
        this.rateLimitEnabled = enabled;
        return this;
    }

    public boolean rateLimitEnabled() {
        return rateLimitEnabled;
    }

    /** Off: answers carry no X-Rate-Limit-* headers, like a mirror or a proxy that strips them. */
    public FakeBehaviour rateHeaders(boolean sent) {
        this.rateHeaders = sent;
        return this;
    }

    public boolean rateHeaders() {
        return rateHeaders;
    }

    public FakeBehaviour rateLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        this.rateLimit = limit;
        return this;
    }

    public int rateLimit() {
        return rateLimit;
    }

    /** The status sent once the quota is used up: 429 (with Retry-After) or 403; upstream's is unknown. */
    public FakeBehaviour exhaustedStatus(int status) {
        if (status != 429 && status != 403) {
            throw new IllegalArgumentException("exhausted status must be 429 or 403: " + status);
        }
        this.exhaustedStatus = status;
        return this;
    }

    public int exhaustedStatus() {
        return exhaustedStatus;
    }

    /** Length of the rate window (default one hour); shorten it to test a window rolling over. */
    public FakeBehaviour rateWindow(Duration window) {
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.rateWindow = window;
        return this;
    }

    public Duration rateWindow() {
        return rateWindow;
    }

    /** Starts a new window now with the full quota. */
    public FakeBehaviour resetRateWindow() {
        window.restart();
        return this;
    }

    /**
     * Counts one request against the quota (when the limit is enabled) and says whether it may pass.
     * With the limit disabled nothing is consumed and the headers show the quota left untouched.
     */
    Quota consume() {
        if (!rateLimitEnabled) {
            return unlimited(window.peek(rateLimit, rateWindow));
        }
        return window.consume(rateLimit, rateWindow);
    }

    /** The current quota without consuming any (for responses outside the API, e.g. the redirect target). */
    Quota peek() {
        Quota quota = window.peek(rateLimit, rateWindow);
        return rateLimitEnabled ? quota : unlimited(quota);
    }

    /** With the limit disabled the headers announce a budget no client will spend (benchmarks). */
    private static Quota unlimited(Quota window) {
        return new Quota(UNLIMITED, UNLIMITED, window.resetEpochSeconds(), true);
    }

    private static Duration requireNonNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + d);
        }
        return d;
    }
}
