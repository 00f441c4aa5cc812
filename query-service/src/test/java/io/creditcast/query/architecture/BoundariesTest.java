package io.creditcast.query.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** The query side depends on event contracts only, never on aggregates or commands; no package cycles. */
class BoundariesTest {
    private static final JavaClasses QUERY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.creditcast.query");

    @Test
    void theQuerySideNeverUsesAggregatesOrCommands() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.creditcast.ledger.wallet.Wallet")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.creditcast.ledger.earnings.Earnings")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.creditcast.stream.Stream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.creditcast.ledger.catalog.Product")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.creditcast.ledger.rates.MeteringRates")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Commands")
                .check(QUERY);
    }

    @Test
    void theQuerySideNeverUsesTheCommandService() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.creditcast.command..")
                .check(QUERY);
    }

    @Test
    void securityStaysInItsOwnPackageSoTheSharedModuleCanReplaceIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.creditcast.query.security..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.creditcast.query.security.SecurityConfiguration")
                .check(QUERY);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        SlicesRuleDefinition.slices()
                .matching("io.creditcast.query.(*)..")
                .should()
                .beFreeOfCycles()
                .check(QUERY);
    }
}
