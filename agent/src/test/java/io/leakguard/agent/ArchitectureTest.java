package io.leakguard.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The agent's package layering: no package cycles (each package, the root one included, is a
 * slice), and the instrumentation, which runs in every class loader's load path, knows nothing of
 * what happens to a finding afterwards (scan, report, metrics).
 */
class ArchitectureTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.leakguard.agent");

    @Test
    void noPackageCycles() {
        // io.leakguard.(**): "agent" (the root package) is a slice too, next to agent.scan, agent.report, ...
        slices().matching("io.leakguard.(**)").should().beFreeOfCycles().check(AGENT);
    }

    @Test
    void instrumentationDoesNotKnowScanReportOrMetrics() {
        noClasses().that().resideInAPackage("io.leakguard.agent.instrument..")
                .should().dependOnClassesThat().resideInAnyPackage("io.leakguard.agent.scan..",
                        "io.leakguard.agent.report..", "io.leakguard.agent.metrics..")
                .check(AGENT);
    }

    @Test
    void findingsAreValueTypesEveryoneMayUse() {
        // What scan, report, metrics and jmx share: it must not lead back into any of them.
        noClasses().that().resideInAPackage("io.leakguard.agent.finding..")
                .should().dependOnClassesThat().resideInAnyPackage("io.leakguard.agent.scan..",
                        "io.leakguard.agent.report..", "io.leakguard.agent.metrics..", "io.leakguard.agent.jmx..")
                .check(AGENT);
    }
}
