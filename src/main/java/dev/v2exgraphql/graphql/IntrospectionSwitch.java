package dev.v2exgraphql.graphql;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.v2exgraphql.config.V2exConfig;
import graphql.introspection.Introspection;
import io.quarkus.runtime.StartupEvent;

/**
 * Turns graphql-java's introspection on or off ({@code v2ex.limits.introspection}). The switch is
 * graphql-java's own, JVM wide and checked at every execution: {@code __schema} and {@code __type}
 * then answer an error (BAD_USER_INPUT, see ErrorNormalizer) while {@code __typename} keeps working,
 * as client libraries rely on it. Set on every start, so it never keeps a previous start's value.
 */
@ApplicationScoped
public class IntrospectionSwitch {

    void apply(@Observes StartupEvent start, V2exConfig config) {
        Introspection.enabledJvmWide(config.limits().introspection());
    }
}
