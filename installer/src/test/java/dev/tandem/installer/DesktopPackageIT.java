package dev.tandem.installer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app's .deb, installed into a temporary root ({@code dpkg-deb -x}: the files where dpkg puts them, without
 * touching this machine), started from its installed launcher headless: it opens a document, says so, and quits.
 * The temporary root is removed afterwards.
 */
@EnabledOnOs(OS.LINUX)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopPackageIT {

    @TempDir static Path tmp;
    static Path deb;
    static Path root;

    @BeforeAll
    static void install() throws Exception {
        deb = Packages.deb("tandem_");
        root = tmp.resolve("root");
        Packages.extract(deb, root);
    }

    @Test
    @Order(1)
    void the_package_installs_under_opt_with_a_launcher_a_runtime_and_its_own_dependencies() throws Exception {
        assertEquals("tandem", Packages.field(deb, "Package"));
        String depends = Packages.field(deb, "Depends");
        assertTrue(depends.contains("libgtk-3-0"), "JavaFX draws its windows with GTK 3: " + depends);
        assertTrue(depends.contains("xdg-utils"), "the menu entry is installed with xdg-desktop-menu: " + depends);
        Path launcher = root.resolve("opt/tandem/bin/Tandem");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
        assertTrue(Files.isRegularFile(root.resolve("opt/tandem/lib/runtime/lib/server/libjvm.so")), "a bundled runtime");
        assertTrue(Files.notExists(root.resolve("opt/tandem/lib/runtime/bin/javac")), "no JDK tools in the runtime");
    }

    @Test
    @Order(2)
    void the_menu_entry_starts_the_installed_launcher_and_shows_the_apps_own_icon() throws Exception {
        Path desktop = root.resolve("opt/tandem/lib/tandem-Tandem.desktop");
        Properties entry = new Properties();
        try (var r = Files.newBufferedReader(desktop)) {
            entry.load(r);
        }
        assertEquals("Application", entry.getProperty("Type"));
        assertEquals("Tandem", entry.getProperty("Name"));
        assertEquals("/opt/tandem/bin/Tandem", entry.getProperty("Exec"));
        assertTrue(entry.getProperty("Categories").contains("TextEditor"), entry.getProperty("Categories"));
        Path icon = root.resolve(entry.getProperty("Icon").substring(1));
        Path ours = Path.of(System.getProperty("tandem.repo"), "installer/src/main/icons/tandem.png");
        // jpackage writes the PNG anew: the same picture, not the same bytes.
        BufferedImage expected = ImageIO.read(ours.toFile());
        BufferedImage installed = ImageIO.read(icon.toFile());
        assertEquals(256, installed.getWidth());
        assertEquals(256, installed.getHeight());
        for (int y = 0; y < 256; y += 4) {
            for (int x = 0; x < 256; x += 4) {
                assertEquals(expected.getRGB(x, y), installed.getRGB(x, y), "the icon is Tandem's own, pixel " + x + "," + y);
            }
        }
        // The app's windows carry the same icon.
        try (java.util.stream.Stream<Path> jars = Files.list(root.resolve("opt/tandem/lib/app"))) {
            Path appJar = jars.filter(p -> p.getFileName().toString().startsWith("desktop-app-")).findFirst().orElseThrow();
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(appJar.toFile())) {
                java.util.zip.ZipEntry e = zip.getEntry("dev/tandem/app/tandem.png");
                assertTrue(e != null, "the window icon is in " + appJar);
                assertArrayEquals(Files.readAllBytes(ours), zip.getInputStream(e).readAllBytes(), "the window icon is the menu's");
            }
        }
        String postinst = Packages.controlFile(deb, "postinst", tmp);
        assertTrue(postinst.contains("xdg-desktop-menu install /opt/tandem/lib/tandem-Tandem.desktop"), postinst);
        if (Files.isExecutable(Path.of("/usr/bin/desktop-file-validate"))) {
            Run v = Run.of(List.of("desktop-file-validate", desktop.toString()), 30);
            assertEquals(0, v.exit(), v.both());
            assertTrue(!v.both().contains("error"), v.both());
        }
    }

    @Test
    @Order(3)
    void the_javafx_native_libraries_sit_beside_the_jars_so_nothing_is_extracted_at_start() throws Exception {
        for (String lib : List.of("libglass.so", "libglassgtk3.so", "libprism_sw.so", "libjavafx_font.so")) {
            assertTrue(Files.isRegularFile(root.resolve("opt/tandem/lib/app").resolve(lib)), lib);
        }
    }

    @Test
    @Order(4)
    void the_installed_launcher_opens_a_document_headless_and_extracts_nothing_into_the_home_folder() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path xdg = Files.createDirectories(tmp.resolve("xdg"));
        Path doc = tmp.resolve("meeting-notes.md");
        Files.writeString(doc, "# Meeting notes\n\n- ship the installer\n");
        Map<String, String> env = appEnv(home, xdg);
        List<String> command = List.of(root.resolve("opt/tandem/bin/Tandem").toString(),
                "--headless", "--open", doc.toString(), "--exit-after-open");

        Run first = Run.of(command, env, tmp, 120).ok();
        assertTrue(first.out().contains("tandem: opened \"meeting-notes\" (38 characters)"), first.both());
        assertTrue(Files.isRegularFile(xdg.resolve("data/tandem/tandem.db")), "the store is where the README says");
        assertEquals(List.of(), Packages.files(home), "nothing was written into the home folder (no ~/.openjfx)");
        System.out.printf("installed app: cold start to an editable document %d ms (process %d ms)%n",
                editableMillis(first), first.millis());

        // Started again without a file, it reopens the last document from its store.
        Run second = Run.of(List.of(command.get(0), "--headless", "--exit-after-open"), env, tmp, 120).ok();
        assertTrue(second.out().contains("tandem: opened \"meeting-notes\" (38 characters)"), second.both());
        assertEquals(List.of(), Packages.files(home));
        System.out.printf("installed app: second start %d ms (process %d ms)%n", editableMillis(second), second.millis());
    }

    @Test
    @Order(5)
    void a_file_that_cannot_be_read_is_an_error_on_stderr_and_exit_code_1_not_a_hanging_dialog() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home-missing"));
        Path xdg = Files.createDirectories(tmp.resolve("xdg-missing"));
        Run r = Run.of(List.of(root.resolve("opt/tandem/bin/Tandem").toString(), "--headless", "--open",
                tmp.resolve("nope.md").toString(), "--exit-after-open"), appEnv(home, xdg), tmp, 120);
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("cannot open " + tmp.resolve("nope.md") + ": no such file"), r.err());
    }

    /** A user with a home and XDG folders of their own (the JVM reads user.home from the password file, not $HOME). */
    private static Map<String, String> appEnv(Path home, Path xdg) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", xdg.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", xdg.resolve("config").toString());
        env.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
        return env;
    }

    private static long editableMillis(Run r) {
        Matcher m = Pattern.compile("editable (\\d+) ms after the JVM started").matcher(r.err());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

}
