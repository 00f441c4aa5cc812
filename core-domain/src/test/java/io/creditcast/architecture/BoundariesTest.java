package io.creditcast.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain stays plain Java plus Axon's modelling annotations. */
@AnalyzeClasses(packages = "io.creditcast", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {
    @ArchTest
    static final ArchRule domain_is_free_of_infrastructure = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "reactor..",
                    "io.r2dbc..",
                    "co.elastic..",
                    "org.elasticsearch..",
                    "jakarta.persistence..",
                    "java.sql..");

    /**
     * Serialization stays out of the domain, with one named exception: an event's upcaster edits the stored JSON
     * of an older revision and ships with the event it upcasts, so every reader of the store (command side and
     * read models) registers the same one.
     */
    @ArchTest
    static final ArchRule only_upcasters_see_the_serialized_form = noClasses()
            .that()
            .haveSimpleNameNotEndingWith("Upcaster")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("com.fasterxml.jackson..");

    @ArchTest
    static final ArchRule no_package_cycles =
            slices().matching("io.creditcast.(**)").should().beFreeOfCycles();
}
