package org.eagerae;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.InlineBackend;
import org.eagerae.ensemble.Training;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.worker.ProcessBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the library and the command line, read from the compiled classes: every package
 * uses only packages below it in {@link #LAYERS}, classification never touches a backend or a
 * worker, and one class decides how a training run executes by default.
 */
class ArchitectureTest {

    /** The packages from the top floor down: a package may use those after it, never one before it. */
    static final List<String> LAYERS = List.of("cli", "bench", "api", "experiment", "predict", "models", "worker", "ensemble",
            "classify", "report", "run", "train", "data", "model", "io");

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.eagerae");
    }

    @Test
    void noPackageUsesOneAboveIt() {
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .as("every package of the project has a floor in LAYERS")
                .allMatch(p -> p.equals("org.eagerae") || LAYERS.contains(p.substring("org.eagerae.".length()).split("\\.")[0]));
        for (int floor = 1; floor < LAYERS.size(); floor++) {
            String[] above = LAYERS.subList(0, floor).stream().map(p -> "org.eagerae." + p + "..").toArray(String[]::new);
            EvaluationResult result = noClasses().that().resideInAPackage("org.eagerae." + LAYERS.get(floor) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .evaluate(classes);
            assertThat(result.getFailureReport().getDetails()).as(LAYERS.get(floor) + " uses a package above it").isEmpty();
        }
    }

    @Test
    void classificationNeverTouchesABackendOrAWorker() {
        EvaluationResult result = noClasses().that().resideInAnyPackage("org.eagerae.classify..", "org.eagerae.models..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eagerae.ensemble..")
                .orShould().dependOnClassesThat().resideInAnyPackage("org.eagerae.spark..")
                .evaluate(classes);
        assertThat(result.getFailureReport().getDetails()).isEmpty();
        EvaluationResult classify = noClasses().that().resideInAPackage("org.eagerae.classify..")
                .should().dependOnClassesThat().resideInAPackage("org.eagerae.worker..")
                .evaluate(classes);
        assertThat(classify.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void onlyTheEntryPointChoosesTheDefaultBackendAndThreads() {
        EvaluationResult threads = noClasses().that().doNotBelongToAnyOf(Training.class)
                .should().callMethod(Backend.class, "threadsPerMember")
                .evaluate(classes);
        assertThat(threads.getFailureReport().getDetails()).as("who reads a backend's threads per member").isEmpty();
        EvaluationResult backends = noClasses().that().doNotBelongToAnyOf(Training.class, BackendName.class, Execution.class,
                        InlineBackend.Provider.class, ProcessBackend.Provider.class)
                .should().accessField(BackendName.class, "INLINE")
                .orShould().accessField(BackendName.class, "PROCESSES")
                .evaluate(classes);
        assertThat(backends.getFailureReport().getDetails()).as("who names a built-in backend").isEmpty();
    }
}
