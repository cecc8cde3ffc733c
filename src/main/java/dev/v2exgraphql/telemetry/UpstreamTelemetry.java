package dev.v2exgraphql.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.v2exgraphql.error.GatewayException;
import dev.v2exgraphql.error.GatewayFailures;
import dev.v2exgraphql.v2ex.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Metrics and trace spans of upstream calls. Every attempt is one sample of
 * {@code v2ex_upstream_calls_seconds{endpoint, family, outcome}} (endpoint: a template such as
 * {@code topic}, never a concrete path) and, with tracing on, one CLIENT span named after the
 * endpoint's template ({@code GET /api/v2/topics/{id}}). Headers are never recorded: they carry
 * the caller's token.
 */
@ApplicationScoped
public class UpstreamTelemetry {

    public static final String CALLS = "v2ex.upstream.calls";

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("v2ex.endpoint");

    private static final int OUTCOMES = UpstreamOutcome.values().length;

    private final MeterRegistry registry;
    private final Tracer tracer;
    private final boolean tracing;
    /** One timer per endpoint and outcome, registered on first use (most pairs never happen). */
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Endpoint.values().length * OUTCOMES);

    @Inject
    public UpstreamTelemetry(MeterRegistry registry, Tracer tracer,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean tracingDisabled) {
        this.registry = registry;
        this.tracer = tracer;
        this.tracing = !tracingDisabled;
    }

    /** A call about to be sent to {@code baseUrl}: its clock and, with tracing on, its span. */
    public Observation start(Endpoint endpoint, URI baseUrl) {
        Span span = null;
        if (tracing) {
            String template = baseUrl.getPath() + endpoint.template();
            // The parent is whatever is current where the call is subscribed: the GraphQL operation.
            span = tracer.spanBuilder(endpoint.method().name() + " " + template)
                    .setParent(Context.current())
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(METHOD, endpoint.method().name())
                    .setAttribute(SERVER_ADDRESS, baseUrl.getHost())
                    .setAttribute(SERVER_PORT, (long) port(baseUrl))
                    .setAttribute(URL_TEMPLATE, template)
                    .setAttribute(ENDPOINT, endpoint.label())
                    .startSpan();
        }
        return new Observation(endpoint, span, System.nanoTime());
    }

    /** An attempt that was never sent (breaker open, bulkhead full, quota kept it back). */
    public void notSent(Endpoint endpoint, UpstreamOutcome outcome) {
        timer(endpoint, outcome).record(Duration.ZERO);
    }

    private Timer timer(Endpoint endpoint, UpstreamOutcome outcome) {
        int index = endpoint.ordinal() * OUTCOMES + outcome.ordinal();
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = Timer.builder(CALLS)
                    .description("Attempts at upstream calls, by endpoint template and how they ended")
                    .tag("endpoint", endpoint.label())
                    .tag("family", endpoint.family().label())
                    .tag("outcome", outcome.label())
                    .serviceLevelObjectives(Buckets.UPSTREAM)
                    .register(registry);
            timers.set(index, timer); // a race registers the same meter twice: the registry returns one
        }
        return timer;
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** One attempt in flight; exactly one of {@link #end} or {@link #cancelled} closes it. */
    public final class Observation {

        private final Endpoint endpoint;
        private final Span span;
        private final long started;
        private int status;
        private boolean timedOut;

        private Observation(Endpoint endpoint, Span span, long started) {
            this.endpoint = endpoint;
            this.span = span;
            this.started = started;
        }

        /** The upstream answered with this HTTP status (the envelope is decoded next). */
        public void answered(int status) {
            this.status = status;
            if (span != null) {
                span.setAttribute(STATUS, (long) status);
            }
        }

        /** No answer came; {@code failure} is the raw transport failure (its message is never kept). */
        public void unanswered(Throwable failure) {
            timedOut = failure instanceof TimeoutException || failure instanceof io.smallrye.mutiny.TimeoutException;
        }

        /** The decoded result: null for success, else the failure the caller sees. */
        public void end(Throwable failure) {
            UpstreamOutcome outcome;
            if (failure == null) {
                outcome = UpstreamOutcome.OK;
            } else if (status == 0) {
                outcome = timedOut ? UpstreamOutcome.TIMEOUT : UpstreamOutcome.UNREACHABLE;
            } else {
                GatewayException gateway = GatewayFailures.find(failure);
                outcome = gateway == null ? UpstreamOutcome.UPSTREAM_ERROR : UpstreamOutcome.ofAnswer(gateway.code());
            }
            finish(outcome);
        }

        /** Cancelled while in flight: only the fault-tolerance timeout does that. */
        public void cancelled() {
            finish(UpstreamOutcome.TIMEOUT);
        }

        private void finish(UpstreamOutcome outcome) {
            timer(endpoint, outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (span != null) {
                if (outcome != UpstreamOutcome.OK) {
                    span.setAttribute(ERROR_TYPE, outcome.label());
                    // 4xx answers (not found, forbidden, ...) are answers, not errors of this call.
                    if (status == 0 || status >= 500 || outcome == UpstreamOutcome.UPSTREAM_ERROR) {
                        span.setStatus(StatusCode.ERROR);
                    }
                }
                span.end();
            }
        }
    }
}
