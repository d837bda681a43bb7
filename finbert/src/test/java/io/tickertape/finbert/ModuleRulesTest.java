package io.tickertape.finbert;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * finbert knows no pipeline: it loads and runs the sentiment model and nothing else, so it can be reused and
 * retrained alone (docs/ARCHITECTURE.md). Checked on this module's main classes: any use of a forbidden class
 * counts, whether imported or written out in full.
 */
class ModuleRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tickertape.finbert");

    @Test
    void finbertImportsNoPipelinePackage() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.tickertape.topology..",
                "io.tickertape.ingest..", "io.tickertape.signals..", "io.tickertape.digest..",
                "io.tickertape.events..", "io.tickertape.web..")
                .because("finbert loads and runs the model only; the pipeline calls it, never the reverse")
                .check(MAIN);
    }
}
