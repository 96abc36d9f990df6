package dev.tandem.installer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds Tandem's packages with the JDK's jpackage (the same code runs on Linux, Windows and macOS; what differs per
 * system comes in as arguments from the Maven OS profiles):
 *
 * <ol>
 *   <li>the app's input folder: the desktop app's jar and its runtime class path (the one {@code ./tandem} runs
 *       with), and the JavaFX native libraries unpacked beside the jars, where JavaFX looks first, so that the first
 *       start extracts nothing into the home folder;</li>
 *   <li>the app-image {@code jpackage/app/Tandem} (launcher, jars, a runtime trimmed by jlink), then the
 *       installer of this system from it ({@code --type deb|msi|dmg}) into {@code packages/};</li>
 *   <li>the relay's app-image {@code jpackage/relay/tandem} (launcher {@code tandem}, the relay's jars, its own
 *       smaller runtime), and on Linux the {@code tandem-relay} .deb around it: the systemd unit, the commented
 *       settings file, the maintainer scripts that create the service user (see {@link RelayDeb}).</li>
 * </ol>
 *
 * <pre>
 *   Packager --version=V --out=TARGET --sources=src/main --app=../desktop-app/target --relay=../relay-server/target
 *            --type=deb|msi|dmg|app-image --icon=tandem.png --options="jpackage options" --relay-type=deb|app-image
 *            [--env="NAME=VALUE ..."]   (environment of jpackage)
 * </pre>
 */
public final class Packager {

    /** The app's main class: a plain class (not an Application), so that the class path launcher works. */
    static final String APP_MAIN = "dev.tandem.app.Launcher";
    static final String RELAY_MAIN = "dev.tandem.relay.RelayCli";
    static final String APP_NAME = "Tandem";
    static final String RELAY_LAUNCHER = "tandem";
    /**
     * Out of memory, the relay exits and systemd restarts it ({@code Restart=on-failure}): an owner that died in the
     * middle of a step must not serve on. What it acknowledged is durable; clients resend the rest.
     */
    static final String RELAY_JAVA_OPTIONS = "-XX:+ExitOnOutOfMemoryError";

    /**
     * The JDK modules each program needs: {@code jdeps --print-module-deps} over its class path, plus what is loaded
     * by name and so invisible to jdeps: {@code jdk.crypto.ec} (TLS with EC keys, wss://), {@code java.management}
     * (the app's start-up timing), {@code java.xml} (logback's configuration); {@code jdk.localedata} is not needed
     * (English messages only).
     */
    static final List<String> APP_MODULES = List.of("java.base", "java.desktop", "java.logging", "java.management",
            "java.naming", "java.net.http", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.jfr", "jdk.unsupported");
    /** Without java.desktop (jdeps lists it for Jackson's optional java.beans support): a server needs no X11 libraries. */
    static final List<String> RELAY_MODULES = List.of("java.base", "java.logging", "java.management",
            "java.naming", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.unsupported");
    /** A smaller runtime: no debug attributes, man pages, headers or JDK commands (java itself stays in the launcher). */
    static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-man-pages", "--no-header-files",
            "--strip-native-commands");

    private final Map<String, String> args;
    private final Path out;
    private final Path sources;
    private final String version;

    Packager(Map<String, String> args) {
        this.args = args;
        this.out = Path.of(required("out"));
        this.sources = Path.of(required("sources"));
        this.version = numericVersion(required("version"));
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            if (!a.startsWith("--") || !a.contains("=")) throw new IllegalArgumentException("expected --name=value: " + a);
            args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        new Packager(args).run();
    }

    private String required(String name) {
        String v = args.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }

    /** jpackage wants 1 to 3 numbers: {@code 0.1.0-SNAPSHOT} becomes {@code 0.1.0}. */
    static String numericVersion(String mavenVersion) {
        String v = mavenVersion.replaceFirst("[-+].*$", "");
        if (!v.matches("\\d+(\\.\\d+){0,2}")) throw new IllegalArgumentException("not a version jpackage takes: " + mavenVersion);
        return v;
    }

    void run() throws IOException {
        Path images = out.resolve("jpackage");
        Path packages = out.resolve("packages");
        deleteTree(images);
        deleteTree(packages);
        Files.createDirectories(packages);

        long t0 = System.nanoTime();
        Path appInput = stageInput(Path.of(required("app")), images.resolve("app-input"), true);
        Path appImage = appImage(appInput, images.resolve("app"), APP_NAME, APP_MAIN, APP_MODULES,
                List.of("--icon", sources.resolve("icons").resolve(required("icon")).toString(),
                        "--description", "Tandem: a collaborative Markdown editor that keeps working offline"));
        log("app-image " + appImage + " in " + millisSince(t0) + " ms");

        String type = args.getOrDefault("type", "app-image");
        if (!type.equals("app-image")) {
            long t1 = System.nanoTime();
            List<String> a = new ArrayList<>(List.of("--type", type, "--app-image", appImage.toString(),
                    "--name", APP_NAME, "--app-version", version, "--dest", packages.toString(),
                    "--vendor", "Tandem", "--description", "Tandem: a collaborative Markdown editor that keeps working offline",
                    "--icon", sources.resolve("icons").resolve(required("icon")).toString()));
            a.addAll(splitOptions(args.getOrDefault("options", "")));
            jpackage(a);
            log(type + " in " + millisSince(t1) + " ms");
        }

        long t2 = System.nanoTime();
        Path relayInput = stageInput(Path.of(required("relay")), images.resolve("relay-input"), false);
        Path relayImage = appImage(relayInput, images.resolve("relay"), RELAY_LAUNCHER, RELAY_MAIN, RELAY_MODULES,
                List.of("--description", "Tandem relay", "--java-options", RELAY_JAVA_OPTIONS));
        log("relay app-image " + relayImage + " in " + millisSince(t2) + " ms");
        if (args.getOrDefault("relay-type", "app-image").equals("deb")) {
            long t3 = System.nanoTime();
            Path deb = new RelayDeb(relayImage, sources.resolve("relay"), images.resolve("relay-deb"), version).build(packages);
            log("relay deb " + deb + " in " + millisSince(t3) + " ms");
        }
        try (Stream<Path> s = Files.list(packages)) {
            s.forEach(p -> log("built " + p + " (" + size(p) / (1024 * 1024) + " MiB)"));
        }
    }

    /**
     * Copies a module's jar and its runtime class path ({@code target/classpath.txt}) into {@code dir}; with
     * {@code natives}, unpacks the native libraries the JavaFX jars carry beside them.
     */
    static Path stageInput(Path moduleTarget, Path dir, boolean natives) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path classpathFile = moduleTarget.resolve("classpath.txt");
        if (!Files.isRegularFile(classpathFile)) {
            throw new IOException(classpathFile + " is missing: build with -am (mvn -B -ntp verify -pl installer -am)");
        }
        Path jar = moduleJar(moduleTarget);
        Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        String cp = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry);
            Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            if (natives && p.getFileName().toString().startsWith("javafx-")) unpackNatives(p, dir);
        }
        return dir;
    }

    /** The module's own jar in its target folder (not a sources or tests jar). */
    static Path moduleJar(Path moduleTarget) throws IOException {
        try (Stream<Path> s = Files.list(moduleTarget)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar"))
                    .findFirst().orElseThrow(() -> new IOException("no jar in " + moduleTarget + ": build it first"));
        }
    }

    /** The native libraries at the top of a JavaFX platform jar (.so on Linux, .dll on Windows, .dylib on macOS). */
    static int unpackNatives(Path jar, Path dir) throws IOException {
        int n = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String name = e.getName();
                if (e.isDirectory() || name.contains("/") || !isNativeLibrary(name)) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
                n++;
            }
        }
        return n;
    }

    static boolean isNativeLibrary(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib");
    }

    private Path appImage(Path input, Path dest, String name, String mainClass, List<String> modules, List<String> extra) {
        List<String> a = new ArrayList<>(List.of("--type", "app-image", "--dest", dest.toString(), "--name", name,
                "--input", input.toString(), "--main-jar", mainJarName(input), "--main-class", mainClass,
                "--app-version", version, "--vendor", "Tandem",
                "--add-modules", String.join(",", modules), "--jlink-options", String.join(" ", JLINK_OPTIONS)));
        a.addAll(extra);
        jpackage(a);
        return imageRoot(dest, name);
    }

    /** Where jpackage put an app-image: {@code dest/Name} (Linux, Windows) or {@code dest/Name.app} (macOS). */
    static Path imageRoot(Path dest, String name) {
        Path app = dest.resolve(name + ".app");
        return Files.isDirectory(app) ? app : dest.resolve(name);
    }

    private static String mainJarName(Path input) {
        try (Stream<Path> s = Files.list(input)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("(desktop-app|relay-server)-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no main jar in " + input));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the jpackage of the JDK that runs this (a separate process, so that the installer step can be given
     * environment variables: {@code --env=NAME=VALUE}, e.g. dpkg-deb's compressor); a failure throws with its output.
     */
    void jpackage(List<String> arguments) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "jpackage");
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (String e : splitOptions(args.getOrDefault("env", ""))) {
            if (!e.contains("=")) throw new IllegalArgumentException("--env takes NAME=VALUE pairs: " + e);
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (!output.isBlank()) log(output.strip());
            if (code != 0) {
                throw new IllegalStateException("jpackage " + String.join(" ", arguments) + " failed (" + code + "):\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + tool + " (a full JDK 17 or newer is needed, not a JRE): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jpackage", e);
        }
    }

    /** Splits jpackage options on white space, keeping "double-quoted values" (a menu group, a signing identity) whole. */
    static List<String> splitOptions(String options) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : options.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("unbalanced quote in options: " + options);
        if (any) out.add(cur.toString());
        return out;
    }

    static void log(String s) {
        System.out.println("[packager] " + s);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static long size(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Copies a tree, keeping symbolic links as links and POSIX permissions where the file system has them. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** rwxr-xr-x or rw-r--r--, as Debian wants them in a package. */
    static void setMode(Path p, boolean executable) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** Runs a command; returns its stdout; a non-zero exit throws with what it printed. */
    static String exec(List<String> command, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int code = p.waitFor();
            if (code != 0) throw new IOException(String.join(" ", command) + " failed (" + code + "): " + output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        return output;
    }
}
