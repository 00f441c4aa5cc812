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
                    "com.fasterxml.jackson..",
                    "java.sql..");

    @ArchTest
    static final ArchRule no_package_cycles =
            slices().matching("io.creditcast.(**)").should().beFreeOfCycles();
}
