package dev.v2exgraphql.telemetry;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.micrometer.runtime.export.exemplars.OpentelemetryExemplarSamplerProvider;

/**
 * Exemplars (the trace id of a sample, in the OpenMetrics output) only while tracing is on. With
 * the OpenTelemetry extension present Quarkus always samples them, which looks up the current span
 * on every counter increment and timer sample: with tracing off that costs about a tenth of the CPU
 * of a response-cache hit, for trace ids that were never exported.
 */
public class Exemplars {

    @Produces
    @Alternative
    @Priority(1)
    Optional<ExemplarSampler> exemplarSampler(
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean tracingDisabled) {
        return tracingDisabled ? Optional.empty() : new OpentelemetryExemplarSamplerProvider().exemplarSampler();
    }
}
