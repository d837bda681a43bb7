package io.tickertape.digest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * digest reads the database: it builds the email from signal_history and never reaches into the stream app
 * (docs/ARCHITECTURE.md). Checked on this module's main classes: any use of a forbidden class counts, whether
 * imported or written out in full.
 */
class ModuleRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tickertape.digest");

    @Test
    void digestImportsNoTopology() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.tickertape.topology..")
                .because("the digest reads signal_history (signals) and never depends on the stream app")
                .check(MAIN);
    }
}
