package dev.tandem.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put the packages (the failsafe configuration says), and how a test unpacks one. */
final class Packages {

    private Packages() { }

    static Path dir() {
        String d = System.getProperty("tandem.packages");
        if (d == null) throw new IllegalStateException("tandem.packages is not set: run through Maven (the package profile)");
        return Path.of(d);
    }

    /** The one package whose file name starts with {@code prefix} and ends with {@code .deb}. */
    static Path deb(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".deb")).toList();
            if (found.size() != 1) throw new AssertionError("expected one " + prefix + "*.deb in " + dir() + ", found " + found);
            return found.get(0);
        }
    }

    /** Installs the package's files into {@code root} the way dpkg would place them, without running its scripts. */
    static void extract(Path deb, Path root) throws IOException, InterruptedException {
        Run.of(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), 120).ok();
    }

    /** A field of the package's control file. */
    static String field(Path deb, String name) throws IOException, InterruptedException {
        return Run.of(List.of("dpkg-deb", "-f", deb.toString(), name), 30).ok().out().strip();
    }

    /** A maintainer script or control file of the package ({@code postinst}, {@code conffiles}, ...). */
    static String controlFile(Path deb, String name, Path scratch) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(scratch.resolve("DEBIAN-" + deb.getFileName()));
        Run.of(List.of("dpkg-deb", "-e", deb.toString(), dir.toString()), 30).ok();
        return Files.readString(dir.resolve(name));
    }

    /** Every file below {@code dir}, relative to it, sorted. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
