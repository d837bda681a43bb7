package io.tickertape.signals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * signals knows no Kafka: it is the domain (tickers, prices, technicals, fusion, dedupe, history) and runs the
 * same in the stream app, the digest, the web service and the CLI (docs/ARCHITECTURE.md). Checked on this module's
 * main classes: any use of a forbidden class counts, whether imported or written out in full.
 */
class ModuleRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tickertape.signals");

    @Test
    void signalsImportsNoKafka() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .because("signals is the domain and knows no Kafka;"
                        + " the stream app (topology) and the wire contract (events) adapt it to topics")
                .check(MAIN);
    }
}
