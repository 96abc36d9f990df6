package dev.tandem.installer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's .deb, unpacked into a temporary root: what it installs where, a valid systemd unit, sane maintainer
 * scripts, and its launcher running {@code tandem relay} (with the shipped settings file) and {@code tandem token}
 * against a temporary data folder, on 127.0.0.1 with an OS-chosen port. What needs root and a running systemd (the
 * user, the service starting at boot) is read from the scripts and the unit, not run.
 */
@EnabledOnOs(OS.LINUX)
class RelayPackageIT {

    @TempDir static Path tmp;
    static Path deb;
    static Path root;
    static Path tandem;

    @BeforeAll
    static void install() throws Exception {
        deb = Packages.deb("tandem-relay_");
        root = tmp.resolve("root");
        Packages.extract(deb, root);
        tandem = root.resolve("opt/tandem-relay/bin/tandem");
    }

    @Test
    void the_package_needs_no_desktop_libraries_and_keeps_the_admins_settings_on_upgrade() throws Exception {
        assertEquals("tandem-relay", Packages.field(deb, "Package"));
        String depends = Packages.field(deb, "Depends");
        assertTrue(depends.startsWith("adduser, ") && depends.contains("libc6"), depends);
        for (String desktop : List.of("libx11", "libgtk", "libasound", "libfreetype")) {
            assertFalse(depends.contains(desktop), "a server package does not pull " + desktop + ": " + depends);
        }
        assertEquals("/etc/tandem-relay/relay.conf", Packages.controlFile(deb, "conffiles", tmp).strip());
    }

    @Test
    void the_files_are_where_the_readme_says() throws Exception {
        assertTrue(Files.isExecutable(tandem));
        assertEquals(Path.of("/opt/tandem-relay/bin/tandem"), Files.readSymbolicLink(root.resolve("usr/bin/tandem")));
        assertTrue(Files.isRegularFile(root.resolve("etc/tandem-relay/relay.conf")));
        assertTrue(Files.isRegularFile(root.resolve("lib/systemd/system/tandem-relay.service")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/doc/tandem-relay/README.md")));
        assertTrue(Files.notExists(root.resolve("var")), "the data folder is made by postinst and systemd, never shipped");
    }

    @Test
    void the_packaged_relay_exits_when_out_of_memory_so_systemd_restarts_it() throws Exception {
        String cfg = Files.readString(root.resolve("opt/tandem-relay/lib/app/tandem.cfg"));
        assertTrue(cfg.lines().anyMatch("java-options=-XX:+ExitOnOutOfMemoryError"::equals), cfg);
        String unit = Files.readString(root.resolve("lib/systemd/system/tandem-relay.service"));
        assertTrue(unit.contains("\nRestart=on-failure\n"), unit);
    }

    @Test
    void the_unit_runs_the_relay_as_its_own_user_on_its_settings_file_and_passes_systemd_analyze_verify() throws Exception {
        String unit = Files.readString(root.resolve("lib/systemd/system/tandem-relay.service"));
        assertTrue(unit.contains("\nUser=tandem-relay\n"), unit);
        assertTrue(unit.contains("\nExecStart=/opt/tandem-relay/bin/tandem relay --config /etc/tandem-relay/relay.conf\n"), unit);
        assertTrue(unit.contains("\nStateDirectory=tandem-relay\n"), unit);
        assertTrue(unit.contains("\nWantedBy=multi-user.target\n"), unit);
        assertFalse(unit.contains("StandardOutput="), "logs go to the journal (the default)");
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(analyze)) {
            System.out.println("systemd-analyze is not installed: the unit was read, not verified");
            return;
        }
        // verify checks that ExecStart exists: point it at the unpacked launcher, keep everything else.
        Path dir = Files.createDirectories(tmp.resolve("unit"));
        Path copy = dir.resolve("tandem-relay.service");
        Files.writeString(copy, unit.replace("/opt/tandem-relay/bin/tandem", tandem.toString()));
        Run v = Run.of(List.of(analyze.toString(), "verify", copy.toString()), 60);
        assertEquals(0, v.exit(), v.both());
        assertEquals("", v.both().strip(), "systemd-analyze verify has no complaint");
    }

    @Test
    void the_maintainer_scripts_are_valid_shell_and_create_the_user_and_the_data_folder() throws Exception {
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = tmp.resolve("DEBIAN-" + deb.getFileName()).resolve(script);
            Packages.controlFile(deb, script, tmp);
            assertTrue(Files.isExecutable(file), script);
            Run.of(List.of("sh", "-n", file.toString()), 30).ok();
        }
        String postinst = Packages.controlFile(deb, "postinst", tmp);
        assertTrue(postinst.contains("adduser --system --group --home /var/lib/tandem-relay"), postinst);
        assertTrue(postinst.contains("chown tandem-relay:tandem-relay /var/lib/tandem-relay"), postinst);
        assertTrue(postinst.contains("systemctl enable tandem-relay.service"), postinst);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            for (String line : Packages.controlFile(deb, script, tmp).lines().toList()) {
                if (line.strip().startsWith("#")) continue;
                assertFalse(line.contains("rm ") && line.contains("/var/lib"), "the team's data is never removed: " + line);
            }
        }
    }

    @Test
    void the_packaged_launcher_manages_tokens_in_a_data_folder() throws Exception {
        Path data = tmp.resolve("tokens-data");
        Run help = Run.of(List.of(tandem.toString(), "relay", "--help"), 60).ok();
        assertTrue(help.out().contains("--config") && help.out().contains("--tls-keystore"), help.out());
        Run created = Run.of(List.of(tandem.toString(), "token", "create", "--data", data.toString(), "--workspace", "team"), 60).ok();
        List<String> lines = created.outLines();
        assertTrue(lines.get(lines.size() - 1).startsWith("tdm_1_"), created.out());
        Run list = Run.of(List.of(tandem.toString(), "token", "list", "--data", data.toString()), 60).ok();
        assertTrue(list.out().contains("team"), list.out());
        Run revoked = Run.of(List.of(tandem.toString(), "token", "revoke", "--data", data.toString(), "1"), 60).ok();
        assertTrue(revoked.out().contains("revoked token 1"), revoked.out());
    }

    @Test
    void the_packaged_relay_serves_its_shipped_settings_on_loopback_and_stops_cleanly_on_sigterm() throws Exception {
        Path data = tmp.resolve("relay-data");
        Run created = Run.of(List.of(tandem.toString(), "token", "create", "--data", data.toString(), "--workspace", "team"), 60).ok();
        String token = created.outLines().get(created.outLines().size() - 1);

        // The service's own command line, with a temporary data folder and any free port instead of 8025.
        Process relay = new ProcessBuilder(tandem.toString(), "relay", "--config",
                root.resolve("etc/tandem-relay/relay.conf").toString(), "--data", data.toString(), "--port", "0")
                .redirectError(tmp.resolve("relay.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new CompletionException(e);
                }
            });
            String url = first.get(60, TimeUnit.SECONDS);
            assertTrue(url != null && url.matches("ws://127\\.0\\.0\\.1:\\d+/sync"), url + "\n" + Files.readString(tmp.resolve("relay.log")));
            String http = url.replace("ws://", "http://").replace("/sync", "");

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(http + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            // A real WebSocket session: the token opens it, hello is answered with welcome for the token's workspace.
            List<String> frames = new ArrayList<>();
            CompletableFuture<String> welcome = new CompletableFuture<>();
            WebSocket ws = client.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(url), new WebSocket.Listener() {
                        final StringBuilder buf = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            buf.append(data);
                            if (last) {
                                frames.add(buf.toString());
                                if (buf.indexOf("\"welcome\"") >= 0) welcome.complete(buf.toString());
                                buf.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            ws.sendText("{\"p\":1,\"type\":\"hello\",\"client\":\"installer-test\",\"name\":\"Test\",\"color\":\"#3366cc\"}", true);
            String w = welcome.get(20, TimeUnit.SECONDS);
            assertTrue(w.contains("\"workspace\":\"team\""), w);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

            // A wrong token is refused in the handshake.
            CompletableFuture<WebSocket> refused = client.newWebSocketBuilder().header("Authorization", "Bearer tdm_1_wrong")
                    .buildAsync(URI.create(url), new WebSocket.Listener() { });
            assertThrows(Exception.class, () -> refused.get(20, TimeUnit.SECONDS));
        } finally {
            relay.destroy(); // SIGTERM, as systemctl stop sends
            assertTrue(relay.waitFor(30, TimeUnit.SECONDS), "the relay stops on SIGTERM");
        }
        int code = relay.exitValue();
        assertTrue(code == 0 || code == 143, "exit " + code + " (the unit counts 143 as success)");
        assertTrue(Files.isRegularFile(data.resolve("hub.db")) && Files.isRegularFile(data.resolve("tokens.db")));
    }
}
