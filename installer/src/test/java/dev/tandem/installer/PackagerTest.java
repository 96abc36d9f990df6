package dev.tandem.installer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packager's own logic, without jpackage (that is {@code DesktopPackageIT} and {@code RelayPackageIT}). */
class PackagerTest {

    @TempDir Path dir;

    @Test
    void a_maven_version_becomes_the_numbers_jpackage_takes() {
        assertEquals("0.1.0", Packager.numericVersion("0.1.0-SNAPSHOT"));
        assertEquals("2.3", Packager.numericVersion("2.3"));
        assertThrows(IllegalArgumentException.class, () -> Packager.numericVersion("next"));
    }

    @Test
    void options_split_on_white_space_but_quoted_values_stay_whole() {
        assertEquals(List.of("--linux-shortcut", "--linux-package-deps", "libgtk-3-0 | libgtk-3-0t64"),
                Packager.splitOptions("--linux-shortcut\n   --linux-package-deps \"libgtk-3-0 | libgtk-3-0t64\" "));
        assertEquals(List.of("--mac-signing-key-user-name", "Developer ID Application: Ada (X1)"),
                Packager.splitOptions("--mac-signing-key-user-name \"Developer ID Application: Ada (X1)\""));
        assertEquals(List.of(), Packager.splitOptions("  "));
        assertThrows(IllegalArgumentException.class, () -> Packager.splitOptions("--a \"b"));
    }

    @Test
    void the_input_folder_holds_the_modules_jar_its_class_path_and_the_javafx_natives_beside_them() throws Exception {
        Path target = Files.createDirectories(dir.resolve("desktop-app/target"));
        jar(target.resolve("desktop-app-0.1.0-SNAPSHOT.jar"), "dev/tandem/app/Launcher.class");
        jar(target.resolve("desktop-app-0.1.0-SNAPSHOT-sources.jar"), "dev/tandem/app/Launcher.java");
        Path repo = Files.createDirectories(dir.resolve("m2"));
        Path fx = jar(repo.resolve("javafx-graphics-21.0.11-linux.jar"), "libglass.so", "glass.dll", "libprism_sw.dylib",
                "com/sun/glass/ui/Application.class", "META-INF/native/libnot-at-the-top.so");
        Path other = jar(repo.resolve("sqlite-jdbc-3.54.1.0.jar"), "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
        Files.writeString(target.resolve("classpath.txt"), fx + java.io.File.pathSeparator + other + "\n");

        Path input = Packager.stageInput(target, dir.resolve("input"), true);

        assertEquals(List.of("desktop-app-0.1.0-SNAPSHOT.jar", "glass.dll", "javafx-graphics-21.0.11-linux.jar",
                "libglass.so", "libprism_sw.dylib", "sqlite-jdbc-3.54.1.0.jar"), Packages.files(input));
    }

    @Test
    void a_module_that_was_not_built_is_reported_with_the_command_that_builds_it() {
        IOException e = assertThrows(IOException.class, () -> Packager.stageInput(dir.resolve("nothing"), dir.resolve("in"), false));
        assertTrue(e.getMessage().contains("-am"), e.getMessage());
    }

    @Test
    void native_libraries_are_recognised_on_every_system() {
        assertTrue(Packager.isNativeLibrary("libglass.so"));
        assertTrue(Packager.isNativeLibrary("glass.DLL"));
        assertTrue(Packager.isNativeLibrary("libglass.dylib"));
        assertFalse(Packager.isNativeLibrary("glass.jar"));
    }

    private static Path jar(Path file, String... entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String e : entries) {
                zip.putNextEntry(new ZipEntry(e));
                zip.write(e.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
