package io.tickertape.ingest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * ingest only moves articles: feeds in, the news.articles contract (events) out (docs/ARCHITECTURE.md). Checked on
 * this module's main classes: any use of a forbidden class counts, whether imported or written out in full.
 */
class ModuleRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tickertape.ingest");

    @Test
    void ingestImportsNeitherTopologyNorSignalsNorFinbert() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.tickertape.topology..",
                "io.tickertape.signals..", "io.tickertape.finbert..")
                .because("ingest publishes articles through the wire contract (events);"
                        + " scoring, tickers and signals happen in the stream app")
                .check(MAIN);
    }
}
