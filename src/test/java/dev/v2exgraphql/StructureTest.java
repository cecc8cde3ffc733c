package dev.v2exgraphql;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package rules of the product code, checked on its compiled classes (tests excluded), so they
 * outlive the redesign that introduced them. The layers, top down:
 * {@code http} (and {@code health}) → {@code graphql} → {@code service} → {@code cache},
 * {@code upstream}, {@code budget} → the leaves {@code redis}, {@code telemetry}, {@code request},
 * {@code model}, {@code v2ex}, {@code error}, {@code config}; {@code demo} is a leaf too. Nothing
 * imports a package above it, and no packages import each other in a loop.
 */
class StructureTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.v2exgraphql");

    @Test
    void packagesDoNotImportEachOtherInALoop() {
        slices().matching("dev.v2exgraphql.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void dependenciesRunOneWayDownTheLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("http").definedBy("dev.v2exgraphql.http..")
                .layer("health").definedBy("dev.v2exgraphql.health..")
                .layer("graphql").definedBy("dev.v2exgraphql.graphql..")
                .layer("service").definedBy("dev.v2exgraphql.service..")
                .layer("cache").definedBy("dev.v2exgraphql.cache..")
                .layer("upstream").definedBy("dev.v2exgraphql.upstream..")
                .layer("budget").definedBy("dev.v2exgraphql.budget..")
                .layer("redis").definedBy("dev.v2exgraphql.redis..")
                .layer("telemetry").definedBy("dev.v2exgraphql.telemetry..")
                .layer("request").definedBy("dev.v2exgraphql.request..")
                .layer("model").definedBy("dev.v2exgraphql.model..")
                .layer("v2ex").definedBy("dev.v2exgraphql.v2ex..")
                .layer("error").definedBy("dev.v2exgraphql.error..")
                .layer("config").definedBy("dev.v2exgraphql.config..")
                .layer("demo").definedBy("dev.v2exgraphql.demo..")
                .whereLayer("http").mayNotBeAccessedByAnyLayer()
                .whereLayer("health").mayNotBeAccessedByAnyLayer()
                .whereLayer("demo").mayNotBeAccessedByAnyLayer()
                .whereLayer("graphql").mayOnlyBeAccessedByLayers("http")
                .whereLayer("service").mayOnlyBeAccessedByLayers("graphql")
                // The HTTP front keeps answers built from the cache's data and persisted queries;
                // readiness reports whether this pod hears the other pods' invalidations.
                .whereLayer("cache").mayOnlyBeAccessedByLayers("service", "http", "health")
                .whereLayer("upstream").mayOnlyBeAccessedByLayers("service", "health")
                .whereLayer("budget").mayOnlyBeAccessedByLayers("upstream", "health", "http")
                .whereLayer("redis").mayOnlyBeAccessedByLayers("cache", "budget", "health", "http")
                .whereLayer("request").mayOnlyBeAccessedByLayers("http", "graphql", "service", "cache", "upstream")
                .whereLayer("model").mayOnlyBeAccessedByLayers("graphql", "service", "upstream")
                .whereLayer("telemetry").mayOnlyBeAccessedByLayers("http", "health", "graphql", "cache", "upstream")
                .whereLayer("v2ex").mayOnlyBeAccessedByLayers("health", "graphql", "service", "cache", "upstream", "telemetry",
                        "demo")
                .check(PRODUCT);
    }

    @Test
    void leavesImportNoOtherPackageOfOursButConfigAndErrors() {
        noClasses().that().resideInAnyPackage("dev.v2exgraphql.v2ex..", "dev.v2exgraphql.model..",
                "dev.v2exgraphql.error..", "dev.v2exgraphql.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.v2exgraphql.http..", "dev.v2exgraphql.graphql..",
                        "dev.v2exgraphql.service..", "dev.v2exgraphql.cache..", "dev.v2exgraphql.upstream..",
                        "dev.v2exgraphql.budget..", "dev.v2exgraphql.redis..", "dev.v2exgraphql.telemetry..",
                        "dev.v2exgraphql.request..", "dev.v2exgraphql.health..", "dev.v2exgraphql.demo..")
                .check(PRODUCT);
    }
}
