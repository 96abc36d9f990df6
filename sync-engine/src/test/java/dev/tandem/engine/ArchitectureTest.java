package dev.tandem.engine;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine is a plain library: no UI toolkit, no transport, no command line (docs/decisions/0001). */
@AnalyzeClasses(packages = "dev.tandem.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule engine_knows_no_ui = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("javafx..", "org.fxmisc..", "java.awt..", "javax.swing..");

    @ArchTest
    static final ArchRule engine_knows_no_transport = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("jakarta.websocket..", "javax.websocket..", "org.glassfish..", "java.net.http..");

    @ArchTest
    static final ArchRule engine_has_no_cli = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("picocli..", "dev.tandem.cli..", "dev.tandem.relay..", "dev.tandem.app..");

    @ArchTest
    static final ArchRule text_layer_is_the_bottom = noClasses().that().resideInAPackage("dev.tandem.engine.text..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.engine.sync..", "dev.tandem.engine.store..",
                    "dev.tandem.engine.protocol..");

    @ArchTest
    static final ArchRule metadata_values_know_no_stores_or_sessions = noClasses().that().resideInAPackage("dev.tandem.engine.meta..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tandem.engine.store..", "dev.tandem.engine.session..",
                    "dev.tandem.engine.sync..");
}
