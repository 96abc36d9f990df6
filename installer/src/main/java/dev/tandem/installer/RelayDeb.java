package dev.tandem.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code tandem-relay} Debian package, built with {@code dpkg-deb} from a staged tree (jpackage's own .deb
 * puts everything under {@code /opt} and has no place for a systemd unit, a conffile under {@code /etc} or a service
 * user):
 *
 * <pre>
 *   /opt/tandem-relay/                      the relay's app-image: bin/tandem, lib/app (jars), lib/runtime (jlink)
 *   /usr/bin/tandem                         a link to it: "tandem relay", "tandem token ..."
 *   /lib/systemd/system/tandem-relay.service  runs "tandem relay --config /etc/tandem-relay/relay.conf" as tandem-relay
 *   /etc/tandem-relay/relay.conf            the commented settings (a conffile: an upgrade keeps the admin's edits)
 *   /usr/share/doc/tandem-relay/README.md   where everything is
 *   DEBIAN/postinst, prerm, postrm          the service user, /var/lib/tandem-relay, enable/start/stop
 * </pre>
 *
 * The Depends line is computed as jpackage computes its own: the Debian packages that own the shared libraries the
 * runtime's native code links against ({@code ldd}, then {@code dpkg -S}).
 */
final class RelayDeb {

    static final String PACKAGE = "tandem-relay";
    static final String INSTALL_DIR = "/opt/tandem-relay";

    private final Path image;
    private final Path files;
    private final Path work;
    private final String version;

    /**
     * @param image   the relay's app-image (bin/tandem, lib/...)
     * @param files   {@code src/main/relay}: the tree to install (etc, lib, usr) and DEBIAN (scripts, control.in)
     * @param work    a scratch folder (emptied)
     * @param version the package version
     */
    RelayDeb(Path image, Path files, Path work, String version) {
        this.image = image;
        this.files = files;
        this.work = work;
        this.version = version;
    }

    Path build(Path packages) throws IOException {
        Packager.deleteTree(work);
        Path root = work.resolve("root");
        Path opt = root.resolve(INSTALL_DIR.substring(1));
        Files.createDirectories(opt.getParent());
        Packager.copyTree(image, opt);
        for (String top : List.of("etc", "lib", "usr")) {
            if (Files.isDirectory(files.resolve(top))) Packager.copyTree(files.resolve(top), root.resolve(top));
        }
        Path bin = root.resolve("usr/bin");
        Files.createDirectories(bin);
        Files.createSymbolicLink(bin.resolve("tandem"), Path.of(INSTALL_DIR, "bin", "tandem"));
        normaliseModes(root);

        Path debian = root.resolve("DEBIAN");
        Files.createDirectories(debian);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Files.copy(files.resolve("DEBIAN").resolve(script), debian.resolve(script));
            Packager.setMode(debian.resolve(script), true);
        }
        Files.copy(files.resolve("DEBIAN/conffiles"), debian.resolve("conffiles"));
        Packager.setMode(debian.resolve("conffiles"), false);
        String arch = Packager.exec(List.of("dpkg", "--print-architecture"), null).trim();
        String control = Files.readString(files.resolve("DEBIAN/control.in"), StandardCharsets.UTF_8)
                .replace("@VERSION@", version)
                .replace("@ARCH@", arch)
                .replace("@DEPENDS@", String.join(", ", dependencies(opt)))
                .replace("@INSTALLED_SIZE@", Long.toString((Packager.size(root) + 1023) / 1024));
        Files.writeString(debian.resolve("control"), control, StandardCharsets.UTF_8);
        Packager.setMode(debian.resolve("control"), false);

        Path deb = packages.resolve(PACKAGE + "_" + version + "_" + arch + ".deb");
        // --root-owner-group: every file belongs to root in the package, without fakeroot. gzip, not dpkg's default
        // xz: 4 s instead of a minute on two cores, for a package a fifth larger (37 MB instead of 31).
        Packager.exec(List.of("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", root.toString(), deb.toString()), null);
        return deb;
    }

    /** Directories and executables 0755, other files 0644, whatever the umask of the build. */
    private static void normaliseModes(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isSymbolicLink(p)) continue;
                boolean exec = Files.isDirectory(p) || Files.isExecutable(p) && isBinaryOrScript(p);
                Packager.setMode(p, exec);
            }
        }
    }

    private static boolean isBinaryOrScript(Path p) throws IOException {
        String name = p.getFileName().toString();
        if (p.getParent().getFileName().toString().equals("bin")) return true;
        if (name.endsWith(".so")) return false; // shared libraries are 0644 in Debian packages
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(p)) {
            int n = in.read(head);
            return n == 4 && (head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F'
                    || head[0] == '#' && head[1] == '!');
        }
    }

    /** The packages owning the system libraries that the ELF files under {@code dir} link against. */
    static List<String> dependencies(Path dir) throws IOException {
        Set<String> libs = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !isElf(p)) continue;
                String ldd;
                try {
                    ldd = Packager.exec(List.of("ldd", p.toString()), null);
                } catch (IOException e) {
                    continue; // "not a dynamic executable"
                }
                for (String line : ldd.split("\n")) {
                    // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)"
                    int arrow = line.indexOf("=> /");
                    if (arrow < 0) continue;
                    String lib = line.substring(arrow + 3, line.indexOf(' ', arrow + 3) < 0 ? line.length() : line.indexOf(' ', arrow + 3));
                    if (!lib.startsWith(dir.toString())) libs.add(lib);
                }
            }
        }
        Set<String> packages = new TreeSet<>();
        for (String lib : libs) {
            String owner = owner(lib);
            if (owner != null) packages.add(owner);
        }
        if (packages.isEmpty()) packages.add("libc6");
        return new ArrayList<>(packages);
    }

    /** The package that owns a file ({@code dpkg -S}), without its architecture; also tries the /usr-merged path. */
    private static String owner(String file) {
        for (String candidate : List.of(file, file.startsWith("/usr/") ? file.substring(4) : "/usr" + file)) {
            try {
                String out = Packager.exec(List.of("dpkg", "-S", candidate), null);
                String pkg = out.lines().findFirst().orElse("");
                int colon = pkg.indexOf(':');
                if (colon > 0) return pkg.substring(0, colon).replaceFirst(":.*$", "");
            } catch (IOException e) {
                // not owned under this name; try the other
            }
        }
        return null;
    }

    private static boolean isElf(Path p) throws IOException {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(p)) {
            return in.read(head) == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        }
    }
}
