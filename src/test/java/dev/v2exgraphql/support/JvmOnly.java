package dev.v2exgraphql.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * A test (method) that reaches into the service's beans, so it runs only where the service shares
 * the test's JVM ({@code @QuarkusTest}); the integration-test subclass ({@code FooIT}) skips it and
 * reports why. Everything else of a black-box class runs in both.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(JvmOnly.Condition.class)
public @interface JvmOnly {

    /** What it needs from inside the service. */
    String value();

    class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            boolean integration = context.getTestClass()
                    .map(c -> c.isAnnotationPresent(QuarkusIntegrationTest.class)).orElse(false);
            String why = context.getElement().map(e -> e.getAnnotation(JvmOnly.class))
                    .map(JvmOnly::value).orElse("");
            return integration ? ConditionEvaluationResult.disabled("JVM only: " + why)
                    : ConditionEvaluationResult.enabled("the service runs in this JVM");
        }
    }
}
