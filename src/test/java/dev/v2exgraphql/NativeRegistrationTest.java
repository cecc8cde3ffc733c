package dev.v2exgraphql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;

import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;
import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;

import dev.v2exgraphql.cache.CaffeineClasses;
import dev.v2exgraphql.support.FakeUpstreamResource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.caffeine.runtime.graal.CacheConstructorsFeature;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a native image has to have registered for reflection beyond what the Quarkus extensions
 * register, checked on the running service's beans (no GraalVM here to find out the hard way).
 * JVM only by nature: it inspects the beans.
 */
@QuarkusTest
@WithTestResource(FakeUpstreamResource.class)
class NativeRegistrationTest {

    @Test
    void everyCaffeineCacheOfTheServiceHasItsGeneratedClassRegistered() throws Exception {
        Set<String> registered = new HashSet<>(List.of(CacheConstructorsFeature.typesNeedingConstructorsRegistered()));
        registered.addAll(List.of(CaffeineClasses.class.getAnnotation(RegisterForReflection.class).classNames()));
        List<String> caches = new ArrayList<>();
        for (Bean<?> bean : ourBeans()) {
            if (bean.getScope() != ApplicationScoped.class) {
                continue;
            }
            Object instance = ClientProxy.unwrap(Arc.container().instance(bean.getBeanClass()).get());
            for (Field field : bean.getBeanClass().getDeclaredFields()) {
                if (Cache.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    String implementation = implementationOf((Cache<?, ?>) field.get(instance));
                    String where = bean.getBeanClass().getSimpleName() + "." + field.getName();
                    caches.add(where);
                    assertTrue(registered.contains(implementation),
                            where + " is a " + implementation + ": add it to CaffeineClasses");
                }
            }
        }
        assertFalse(caches.isEmpty(), "no Caffeine cache found: the check no longer looks where they are");
    }

    @Test
    void everyGraphQLApiClassWithoutARootOperationIsRegistered() {
        // The extension registers the classes of queries and mutations; a class with only @Source
        // fields is called reflectively all the same.
        int sourceOnly = 0;
        for (Bean<?> bean : ourBeans()) {
            Class<?> type = bean.getBeanClass();
            if (!type.isAnnotationPresent(GraphQLApi.class) || declaresRootOperation(type)) {
                continue;
            }
            sourceOnly++;
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            assertNotNull(registration, type.getSimpleName() + " needs @RegisterForReflection");
            assertTrue(registration.methods(), type.getSimpleName() + ": its methods must be registered");
        }
        assertTrue(sourceOnly > 0, "no @Source-only GraphQL class found: the check no longer looks where they are");
    }

    private static List<Bean<?>> ourBeans() {
        return Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .filter(b -> b.getBeanClass().getPackageName().startsWith("dev.v2exgraphql"))
                .toList();
    }

    private static boolean declaresRootOperation(Class<?> type) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Query.class) || method.isAnnotationPresent(Mutation.class)) {
                return true;
            }
        }
        return false;
    }

    /** The class Caffeine generated for this combination of features (it holds the cache in "cache"). */
    private static String implementationOf(Cache<?, ?> cache) throws ReflectiveOperationException {
        for (Class<?> c = cache.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals("cache")) {
                    field.setAccessible(true);
                    return field.get(cache).getClass().getName();
                }
            }
        }
        throw new AssertionError("unexpected Caffeine internals: " + cache.getClass());
    }
}
