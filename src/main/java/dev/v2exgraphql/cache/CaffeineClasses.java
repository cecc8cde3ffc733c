package dev.v2exgraphql.cache;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: Caffeine picks the class of each cache by name at run time (one generated class
 * per combination of features) and looks it up reflectively. The Quarkus extension registers the
 * common ones; these are the ones our caches use that it does not: {@code SSMW} (weighed: the
 * answer cache and the parsed documents) and {@code SSMWA} (weighed, with a
 * per-entry expiry: the in-process tier), {@code SSMWW} (weighed, expiring after write: the
 * persisted queries' in-process tier). {@code NativeRegistrationTest} fails when a cache is
 * built with other features and its class is missing here.
 */
@RegisterForReflection(classNames = {
        "com.github.benmanes.caffeine.cache.SSMW",
        "com.github.benmanes.caffeine.cache.SSMWA",
        "com.github.benmanes.caffeine.cache.SSMWW" })
public final class CaffeineClasses {

    private CaffeineClasses() {
    }
}
