package io.tickertape.events;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * events is the wire contract: topic names, serdes, schema versions and the records on the topics, for every
 * producer and consumer (docs/ARCHITECTURE.md). Checked on this module's main classes: any use of a forbidden
 * class counts, whether imported or written out in full.
 */
class ModuleRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tickertape.events");

    @Test
    void eventsImportsNoStreamAppNorKafkaStreams() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.tickertape.topology..",
                "io.tickertape.ingest..", "io.tickertape.finbert..", "io.tickertape.digest..", "io.tickertape.web..",
                "org.apache.kafka.streams..")
                .because("the wire contract needs kafka-clients only, so a producer does not pull in the stream app or"
                        + " Kafka Streams")
                .check(MAIN);
    }
}
