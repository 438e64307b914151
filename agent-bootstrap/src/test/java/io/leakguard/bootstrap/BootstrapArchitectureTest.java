package io.leakguard.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap classes are defined in the boot loader and called from advice inlined into JDK
 * classes: they may use java.base only. And the open records know no policy: the policies
 * depend on them, never the reverse.
 */
class BootstrapArchitectureTest {
    private static final JavaClasses BOOT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.leakguard.bootstrap");

    private static final Set<String> JAVA_BASE = ModuleLayer.boot().findModule("java.base").orElseThrow().getPackages();

    private static final DescribedPredicate<JavaClass> BASE_OR_OWN = new DescribedPredicate<JavaClass>(
            "in java.base or io.leakguard.bootstrap") {
        @Override
        public boolean test(JavaClass c) {
            JavaClass t = c.getBaseComponentType();
            return t.isPrimitive() || JAVA_BASE.contains(t.getPackageName())
                    || t.getPackageName().equals("io.leakguard.bootstrap");
        }
    };

    @Test
    void bootstrapUsesJavaBaseOnly() {
        classes().should().onlyDependOnClassesThat(BASE_OR_OWN).check(BOOT);
    }

    @Test
    void openRecordsDependOnNoPolicy() {
        noClasses().that().haveSimpleNameStartingWith("OpenRecords")
                .or().haveSimpleName("RecordTable").or().haveSimpleNameStartingWith("Record")
                .or().haveSimpleName("JdbcRecord")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("NetPolicy")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("JdbcPolicy")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Pressure")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("CiTests")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("SocketQuota")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("CircuitBreakers")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("ConnectWatchdog")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Locks")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Bookkeeping")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Tracker")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("JdbcTracker")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Acquisitions")
                .check(BOOT);
    }
}
