package dev.tandem.client;

import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real TLS handshake with a key store generated for the test (keytool of the running JDK). */
class TlsIT {

    @TempDir Path dir;

    private void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }

    @Test
    void clients_sync_over_wss_with_a_self_signed_relay_they_trust_and_refuse_one_they_do_not() throws Exception {
        Path server = dir.resolve("server.p12");
        Path cert = dir.resolve("server.pem");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "relay", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", server.toString(), "-storepass", "server-secret", "-keypass", "server-secret");
        keytool("-exportcert", "-rfc", "-alias", "relay", "-keystore", server.toString(), "-storepass", "server-secret",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "relay", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", "trust-secret");

        RelayConfig config = RelayConfig.defaults(dir.resolve("relay"))
                .withTls(new RelayConfig.Tls(server, "server-secret".toCharArray()));
        String token;
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            token = t.create("team", false);
        }
        try (Relay relay = Relay.start(config);
             TestClient a = new TestClient(dir, "a");
             TestClient b = new TestClient(dir, "b");
             TestClient stranger = new TestClient(dir, "stranger")) {
            assertTrue(relay.url().startsWith("wss://127.0.0.1:"), relay.url());
            URI url = URI.create(relay.url());
            HttpClient trusting = RelayConnection.httpClient(Optional.of(trust), "trust-secret".toCharArray());
            a.connect(url, token, trusting);
            b.connect(url, token, trusting);
            a.session.open("doc").join();
            b.session.open("doc").join();
            a.insertAtStart("doc", "over TLS");
            Await.until("b receives over wss", () -> b.text("doc").equals("over TLS"));

            try (TestClient pem = new TestClient(dir, "pem")) { // the certificate file itself, as an admin hands it out
                pem.connect(url, token, RelayConnection.httpClient(Optional.of(cert), null));
                pem.session.open("doc").join();
                Await.until("a client trusting the relay's .pem receives over wss", () -> pem.text("doc").equals("over TLS"));
            }

            stranger.connect(url, token, HttpClient.newHttpClient());
            Await.until("the untrusted certificate fails the handshake",
                    () -> stranger.state() == RelayConnection.State.OFFLINE && stranger.connection.cause() == RelayConnection.Cause.TLS);
            assertTrue(stranger.connection.reason().contains("TLS"), stranger.connection.reason());

            DocCommandIT.Run untrusted = DocCommandIT.run("doc", "print", "--store", dir.resolve("cli").toString(), "--doc", "doc",
                    "--server", relay.url(), "--token", token);
            assertEquals(1, untrusted.exit(), untrusted.err());
            assertEquals(1, untrusted.err().lines().filter(l -> l.startsWith("tandem doc")).count(), untrusted.err());
            assertTrue(untrusted.err().contains("TLS handshake"), untrusted.err());
            DocCommandIT.Run trusted = DocCommandIT.run("doc", "print", "--store", dir.resolve("cli").toString(), "--doc", "doc",
                    "--server", relay.url(), "--token", token, "--trust-store", trust.toString(), "--trust-password", "trust-secret");
            assertEquals("over TLS\n", trusted.out(), trusted.err());
        }
    }
}
