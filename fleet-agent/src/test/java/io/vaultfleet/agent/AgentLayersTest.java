package io.vaultfleet.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The agent's layers as {@code docs/agent-architecture.md} draws them, checked on the compiled main classes (tests
 * may reach across layers). A new import that points up a layer, or closes a cycle between two packages, fails here
 * with the offending class and line.
 */
class AgentLayersTest {
    private static final String AGENT = "io.vaultfleet.agent";
    private static JavaClasses agent;

    @BeforeAll
    static void importAgent() {
        agent = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(AGENT);
    }

    @Test
    void noCyclesBetweenPackages() {
        // (**) makes every package its own slice: platform and platform.windows are two, so a cycle between them counts
        slices().matching(AGENT + ".(**)").should().beFreeOfCycles().check(agent);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry point").definedBy(AGENT)
                .layer("Top").definedBy(AGENT + ".cli..", AGENT + ".service..")
                .layer("Agent parts").definedBy(AGENT + ".channel..", AGENT + ".enrollment..", AGENT + ".jobs..",
                        AGENT + ".outbox..", AGENT + ".recovery..", AGENT + ".schedule..",
                        AGENT + ".upgrade..")
                .layer("Data work").definedBy(AGENT + ".source..", AGENT + ".backup..", AGENT + ".restore..",
                        AGENT + ".verify..", AGENT + ".repair..")
                .layer("Platform implementations").definedBy(AGENT + ".platform.windows..", AGENT + ".platform.posix..",
                        AGENT + ".platform.current..")
                .layer("Storage").definedBy(AGENT + ".repo..", AGENT + ".store..")
                .layer("Settings").definedBy(AGENT + ".identity..", AGENT + ".net..")
                .layer("Foundation").definedBy(AGENT + ".platform", AGENT + ".host..")

                .whereLayer("Entry point").mayNotBeAccessedByAnyLayer()
                .whereLayer("Top").mayOnlyBeAccessedByLayers("Entry point")
                .whereLayer("Agent parts").mayOnlyAccessLayers("Data work", "Platform implementations", "Storage",
                        "Settings", "Foundation")
                .whereLayer("Data work").mayOnlyAccessLayers("Platform implementations", "Storage", "Settings",
                        "Foundation")
                .whereLayer("Platform implementations").mayOnlyAccessLayers("Storage", "Settings", "Foundation")
                .whereLayer("Storage").mayOnlyAccessLayers("Settings", "Foundation")
                .whereLayer("Settings").mayOnlyAccessLayers("Foundation")
                .whereLayer("Foundation").mayNotAccessAnyLayer()
                .check(agent);
    }

    @Test
    void platformInterfacesDoNotKnowTheirWindowsImplementations() {
        noClasses().that().resideInAPackage(AGENT + ".platform")
                .should().dependOnClassesThat().resideInAPackage(AGENT + ".platform.windows..")
                .because("CurrentPlatform (platform.current) picks the implementation; the seam stays OS-neutral")
                .check(agent);
    }

    @Test
    void storageFormatAndStoresUseNoAgentServiceCode() {
        noClasses().that().resideInAnyPackage(AGENT + ".repo..", AGENT + ".store..")
                .should().dependOnClassesThat().resideInAnyPackage(AGENT + ".cli..", AGENT + ".service..",
                        AGENT + ".channel..", AGENT + ".enrollment..", AGENT + ".jobs..", AGENT + ".outbox..",
                        AGENT + ".recovery..", AGENT + ".schedule..", AGENT + ".upgrade..", AGENT + ".backup..",
                        AGENT + ".restore..")
                .check(agent);
    }

    @Test
    void testHooksAreNotInTheAgentsCode() {
        noClasses().should().resideInAPackage(AGENT + ".testhooks..")
                .because("test hooks are test code, packed into a jar of their own (fleet-agent-*-testhooks.jar)")
                .allowEmptyShould(true).check(agent);
    }

    @Test
    void theEntryPointPackageHoldsOnlyTheEntryPoint() {
        classes().that().resideInAPackage(AGENT).and().areTopLevelClasses().should().haveSimpleName("AgentMain")
                .orShould().haveSimpleName("package-info").check(agent);
    }
}
