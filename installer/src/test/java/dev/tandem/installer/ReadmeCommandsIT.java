package dev.tandem.installer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every command the README shows is run here, or, where it needs root, systemd or another system, checked against
 * the packages just built, so that the README cannot rot. A command is a line of a fenced block (a {@code text} block
 * is a picture, not commands). Each must match one of the {@link #RULES}; a new command without a rule fails this
 * test until someone says how it is run or checked.
 *
 * <p>Commands run in bash, as a user whose home, XDG folders and working folder are temporary. Both packages are
 * unpacked into temporary roots ({@code /opt/tandem}, {@code /opt/tandem-relay}, {@code /etc/tandem-relay} and
 * {@code /var/lib} point there); {@code sudo} and {@code sudo -u tandem-relay} are dropped; {@code tandem} is the
 * relay package's launcher; the service is the package's own command line ({@code ExecStart}, with a temporary data
 * folder and any free port on 127.0.0.1), which {@code systemctl start|stop|restart} start and stop;
 * {@code HOST:8025} is that relay and {@code TOKEN} a token it gave. An app started without
 * {@code --exit-after-open} gets {@code --headless --exit-after-open}: it opens its document, says so, and quits.
 * {@code ./tandem} builds what it needs on first use, as it does for a newcomer.
 */
@EnabledOnOs(OS.LINUX)
class ReadmeCommandsIT {

    @TempDir static Path tmp;
    static Path repo;
    static Path appRoot;
    static Path relayRoot;
    static Path work;
    static Path home;
    static Path relayData;
    static String token;
    static Process service;
    static int port;

    @BeforeAll
    static void environment() throws Exception {
        repo = Path.of(System.getProperty("tandem.repo")).toRealPath();
        appRoot = tmp.resolve("app-root");
        relayRoot = tmp.resolve("relay-root");
        Packages.extract(Packages.deb("tandem_"), appRoot);
        Packages.extract(Packages.deb("tandem-relay_"), relayRoot);
        work = Files.createDirectories(tmp.resolve("work"));
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("Documents"));
        Files.writeString(home.resolve("Documents/plan.md"), "# Plan\n\nShip it.\n");
        // What postinst and systemd would make: the data folder, with the first token (id 1) of workspace "team".
        relayData = Files.createDirectories(relayRoot.resolve("var/lib/tandem-relay"));
        Run created = Run.of(List.of(relayLauncher(), "token", "create", "--data", relayData.toString(), "--workspace", "team"), 60).ok();
        token = created.outLines().get(created.outLines().size() - 1);
        // A certificate and key as a CA would hand them out (here self-signed), for the TLS commands.
        Run.of(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", work.resolve("privkey.pem").toString(), "-out", work.resolve("fullchain.pem").toString(),
                "-days", "2", "-subj", "/CN=localhost"), 60).ok();
        startService();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        stopService();
    }

    // ---- the service, as systemd would run it ----

    static String relayLauncher() {
        return relayRoot.resolve("opt/tandem-relay/bin/tandem").toString();
    }

    static void startService() throws Exception {
        String unit = Files.readString(relayRoot.resolve("lib/systemd/system/tandem-relay.service"));
        Matcher exec = Pattern.compile("(?m)^ExecStart=(\\S+) (.*)$").matcher(unit);
        assertTrue(exec.find(), unit);
        List<String> command = new ArrayList<>();
        command.add(relayRoot.resolve(exec.group(1).substring(1)).toString());
        for (String a : exec.group(2).split(" ")) command.add(a.startsWith("/etc/") ? relayRoot.resolve(a.substring(1)).toString() : a);
        command.addAll(List.of("--data", relayData.toString(), "--port", "0"));
        service = new ProcessBuilder(command).redirectError(tmp.resolve("service.log").toFile()).start();
        String url = firstLine(service, 60);
        Matcher m = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/sync").matcher(url == null ? "" : url);
        assertTrue(m.matches(), "the service started: " + url + "\n" + Files.readString(tmp.resolve("service.log")));
        port = Integer.parseInt(m.group(1));
    }

    static void stopService() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            assertTrue(service.waitFor(30, TimeUnit.SECONDS), "the service stops on SIGTERM");
        }
        service = null;
    }

    static String firstLine(Process p, int seconds) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        return line.get(seconds, TimeUnit.SECONDS);
    }

    // ---- the README's commands ----

    /** A command of the README, with the line it starts on. */
    record Command(int line, String text) { }

    static List<Command> commands(List<String> lines) {
        List<Command> out = new ArrayList<>();
        boolean inBlock = false;
        boolean skip = false;
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.startsWith("```")) {
                inBlock = !inBlock;
                skip = inBlock && l.substring(3).strip().equals("text");
                continue;
            }
            if (!inBlock || skip || l.isEmpty() || l.startsWith("#")) continue;
            l = l.replaceFirst("\\s+#\\s.*$", ""); // a comment after the command
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            if (l.endsWith("\\")) {
                pending.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            pending.append(l);
            out.add(new Command(start, pending.toString().strip()));
            pending = null;
        }
        return out;
    }

    interface Action {
        void apply(Matcher m, Command c) throws Exception;
    }

    /** How one kind of command is run or checked. */
    record Rule(Pattern pattern, String how, Action action) {
        Rule(String regex, String how, Action action) {
            this(Pattern.compile(regex), how, action);
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("mvn -B -ntp verify", "the test command: .ci/run runs exactly this line",
                    (m, c) -> assertTrue(Files.readAllLines(repo.resolve(".ci/run")).contains(c.text()), ".ci/run runs " + c.text())),
            new Rule("mvn -B -ntp verify -pl installer -am", "builds the packages these tests check (they exist)",
                    (m, c) -> Packages.deb("tandem_")),
            new Rule("sudo apt install \\./(installer/target/packages/\\S+\\.deb)",
                    "the package is where it says (this build made it; its files are what DesktopPackageIT and RelayPackageIT install)",
                    (m, c) -> {
                        String file = m.group(1).replace("_amd64.deb", "_" + arch() + ".deb");
                        assertTrue(Files.isRegularFile(repo.resolve(file)), file + " exists");
                    }),
            new Rule("sudo apt remove (\\S+)", "the package of that name",
                    (m, c) -> assertEquals(m.group(1), Packages.field(Packages.deb("tandem_"), "Package"))),
            new Rule("(?:sudo )?systemctl (status|restart|stop|start) tandem-relay", "the package's unit, run as systemd would run it",
                    (m, c) -> {
                        assertTrue(Files.isRegularFile(relayRoot.resolve("lib/systemd/system/tandem-relay.service")));
                        switch (m.group(1)) {
                            case "status" -> assertTrue(service != null && service.isAlive(), "the service runs");
                            case "stop" -> stopService();
                            case "start" -> startService();
                            default -> {
                                stopService();
                                startService();
                            }
                        }
                    }),
            new Rule("journalctl -u tandem-relay", "the unit's output goes to the journal (no StandardOutput= in it) and the service logs to stderr",
                    (m, c) -> {
                        assertTrue(!Files.readString(relayRoot.resolve("lib/systemd/system/tandem-relay.service")).contains("StandardOutput="));
                        assertTrue(Files.readString(tmp.resolve("service.log")).contains("relay listening on"));
                    }),
            new Rule("sudoedit (/etc/tandem-relay/relay\\.conf)", "the settings file is there, and the relay reads it (the service runs on it)",
                    (m, c) -> assertTrue(Files.isRegularFile(relayRoot.resolve(m.group(1).substring(1))))),
            new Rule("sudo chown root:tandem-relay (.*)", "the package's postinst creates the group tandem-relay (this machine has none)",
                    (m, c) -> assertTrue(Packages.controlFile(Packages.deb("tandem-relay_"), "postinst", tmp).contains("adduser --system --group"))),
            new Rule("sudo openssl pkcs12 -export .*", "run; then the relay serves wss:// with that key store and password file",
                    (m, c) -> {
                        run(c, Map.of()).ok();
                        Path ks = relayRoot.resolve("etc/tandem-relay/relay.p12");
                        Path pw = relayRoot.resolve("etc/tandem-relay/tls-password");
                        Process tls = new ProcessBuilder(relayLauncher(), "relay", "--data", tmp.resolve("tls-data").toString(),
                                "--port", "0", "--tls-keystore", ks.toString(), "--tls-password-file", pw.toString())
                                .redirectError(tmp.resolve("tls.log").toFile()).start();
                        try {
                            String url = firstLine(tls, 60);
                            assertTrue(url != null && url.startsWith("wss://127.0.0.1:"), url + "\n" + Files.readString(tmp.resolve("tls.log")));
                        } finally {
                            tls.destroy();
                            tls.waitFor(30, TimeUnit.SECONDS);
                        }
                    }),
            new Rule("sudo -u tandem-relay tandem token create .*", "run (tandem: the packaged launcher)",
                    (m, c) -> assertTrue(lastLine(run(c, Map.of()).ok()).startsWith("tdm_"), c.text())),
            new Rule("sudo -u tandem-relay tandem token list .*", "run",
                    (m, c) -> assertTrue(run(c, Map.of()).ok().out().contains("team"), c.text())),
            new Rule("sudo -u tandem-relay tandem token revoke .*", "run",
                    (m, c) -> assertTrue(run(c, Map.of()).ok().out().contains("revoked token"), c.text())),
            new Rule("sudo tar -xzf .*", "run; the restored data folder still holds the tokens",
                    (m, c) -> {
                        run(c, Map.of()).ok();
                        Run list = Run.of(List.of(relayLauncher(), "token", "list", "--data", relayData.toString()), 60).ok();
                        assertTrue(list.out().contains("team"), list.out());
                    }),
            new Rule("sudo (?:sh|tar|chmod) .*", "run", (m, c) -> run(c, Map.of()).ok()),
            new Rule("(installer/target/jpackage/app/Tandem/bin/Tandem|/opt/tandem/bin/Tandem)\\b.*",
                    "run headless; it opens a document and says so",
                    (m, c) -> {
                        Run r = run(c, Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + home)).ok();
                        assertTrue(r.out().contains("tandem: opened \""), r.both());
                    }),
            new Rule("\\./tandem", "run headless; it builds the app on first use, opens a document and says so",
                    (m, c) -> {
                        Run r = run(c, Map.of()).ok();
                        assertTrue(r.out().contains("tandem: opened \""), r.both());
                    }),
            new Rule("\\./tandem token create .*", "run", (m, c) -> assertTrue(lastLine(run(c, Map.of()).ok()).startsWith("tdm_"))),
            new Rule("\\./tandem relay (.*)--bind 0\\.0\\.0\\.0 --port 8025",
                    "run on 127.0.0.1 and any free port instead (tests listen on loopback only); its first line is its URL; stopped with SIGTERM",
                    (m, c) -> {
                        String cmd = substitute(c.text()).replace("--bind 0.0.0.0 --port 8025", "--bind 127.0.0.1 --port 0");
                        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + cmd).directory(work.toFile())
                                .redirectError(tmp.resolve("relay-from-source.log").toFile());
                        pb.environment().putAll(env(Map.of()));
                        Process p = pb.start();
                        try {
                            String url = firstLine(p, 600);
                            assertTrue(url != null && url.matches("ws://127\\.0\\.0\\.1:\\d+/sync"),
                                    url + "\n" + Files.readString(tmp.resolve("relay-from-source.log")));
                        } finally {
                            p.destroy();
                            p.waitFor(30, TimeUnit.SECONDS);
                        }
                    }),
            new Rule("\\./tandem doc append .*", "run against the service", (m, c) -> run(c, Map.of()).ok()),
            new Rule("\\./tandem doc print .*", "run against the service; prints what append wrote",
                    (m, c) -> assertTrue(run(c, Map.of()).ok().out().contains("hello"), c.text())),
            new Rule("curl http://HOST:8025/health", "run against the service",
                    (m, c) -> run(c, Map.of()).ok()));

    static String arch() throws Exception {
        return Run.of(List.of("dpkg", "--print-architecture"), 30).ok().out().strip();
    }

    static String lastLine(Run r) {
        List<String> lines = r.outLines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The README's command, pointed at this test's folders, packages and service. */
    static String substitute(String command) {
        String s = command;
        s = s.replaceFirst("^sudo -u tandem-relay ", "").replaceFirst("^sudo ", "");
        if (s.startsWith("tandem ")) s = relayLauncher() + s.substring("tandem".length());
        s = s.replaceFirst("^\\./tandem", repo.resolve("tandem").toString());
        s = s.replaceFirst("^installer/", repo.resolve("installer") + "/");
        s = s.replace("/opt/tandem/", appRoot.resolve("opt/tandem") + "/");
        s = s.replace("/etc/tandem-relay/", relayRoot.resolve("etc/tandem-relay") + "/");
        s = s.replace("/var/lib", relayRoot.resolve("var/lib").toString());
        s = s.replace("HOST:8025", "127.0.0.1:" + port);
        s = s.replace("TOKEN", token);
        return s;
    }

    static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", tmp.resolve("xdg/data").toString());
        env.put("XDG_CONFIG_HOME", tmp.resolve("xdg/config").toString());
        env.put("TANDEM_JAVA_OPTS", "-Duser.home=" + home); // ./tandem's java; never Maven's (its ~/.m2 stays)
        env.putAll(extra);
        return env;
    }

    /** Runs the command (with substitutions) in bash; an app without --exit-after-open gets it, headless. */
    static Run run(Command c, Map<String, String> extraEnv) throws Exception {
        String cmd = substitute(c.text());
        boolean app = c.text().equals("./tandem") || c.text().matches("(installer/target/jpackage/app/Tandem/bin/Tandem|/opt/tandem/bin/Tandem)\\b.*");
        if (app && !cmd.contains("--exit-after-open")) cmd += " --headless --exit-after-open";
        return Run.of(List.of("bash", "-c", cmd), env(extraEnv), work, 900);
    }

    @Test
    void every_command_in_the_readme_is_run_or_checked_against_the_packages() throws Exception {
        List<Command> commands = commands(Files.readAllLines(repo.resolve("README.md")));
        assertTrue(commands.size() > 20, "the README's commands were found: " + commands);
        List<String> failures = new ArrayList<>();
        for (Command c : commands) {
            Rule rule = null;
            Matcher m = null;
            for (Rule r : RULES) {
                Matcher x = r.pattern().matcher(c.text());
                if (x.matches()) {
                    rule = r;
                    m = x;
                    break;
                }
            }
            if (rule == null) {
                failures.add("README.md:" + c.line() + ": no rule says how to run or check `" + c.text() + "` (add one to ReadmeCommandsIT.RULES)");
                continue;
            }
            long t0 = System.nanoTime();
            try {
                rule.action().apply(m, c);
                System.out.printf("README.md:%d ok (%s, %d ms): %s%n", c.line(), rule.how(), (System.nanoTime() - t0) / 1_000_000, c.text());
            } catch (Exception | AssertionError e) {
                failures.add("README.md:" + c.line() + ": `" + c.text() + "` (" + rule.how() + "): " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }

    @Test
    void the_two_commands_at_the_top_are_the_app_and_the_test_command() throws Exception {
        List<Command> commands = commands(Files.readAllLines(repo.resolve("README.md")));
        assertEquals("./tandem", commands.get(0).text());
        assertEquals("mvn -B -ntp verify", commands.get(1).text());
        assertTrue(commands.get(0).line() <= 5 && commands.get(1).line() <= 5, "at the very top");
    }

    @Test
    void every_tandem_subcommand_in_the_readmes_table_answers_help() throws Exception {
        Set<String> subcommands = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `\\./tandem (\\w+)").matcher(Files.readString(repo.resolve("README.md")));
        while (m.find()) subcommands.add(m.group(1));
        assertTrue(subcommands.containsAll(List.of("patch", "sim", "relay", "token", "doc")), subcommands.toString());
        List<String> failures = new ArrayList<>();
        for (String sub : subcommands) {
            Run r = Run.of(List.of(repo.resolve("tandem").toString(), sub, "--help"), env(Map.of()), work, 900);
            if (r.exit() != 0 || !r.out().toLowerCase(java.util.Locale.ROOT).contains("usage")) {
                failures.add("./tandem " + sub + " --help: exit " + r.exit() + "\n" + r.both());
            }
        }
        if (!failures.isEmpty()) fail(String.join("\n", failures));
    }
}
