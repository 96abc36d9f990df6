package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@code tandem patch} in-process with captured output. */
class PatchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = TandemCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private int patch(Path base, Path edited, Path target) {
        return run("patch", "--base", base.toString(), "--edited", edited.toString(), "--target", target.toString());
    }

    @Test
    void a_clean_patch_prints_the_text_and_each_hunk_as_one_json_object() throws IOException {
        Path base = file("base.txt", "the quick brown fox jumps \uD83D\uDE00");
        Path edited = file("edited.txt", "the quick red fox jumps \uD83D\uDE00");
        Path target = file("target.txt", "Intro. the quick brown fox jumps \uD83D\uDE00");
        assertEquals(0, patch(base, edited, target));
        assertEquals("", err.toString());
        String printed = out.toString();
        assertEquals(1, printed.strip().lines().count(), "one line: " + printed);
        JsonNode json = new ObjectMapper().readTree(printed);
        assertEquals("Intro. the quick red fox jumps \uD83D\uDE00", json.get("text").asText());
        assertEquals(0, json.get("rejected").asInt());
        JsonNode hunk = json.get("hunks").get(0);
        assertEquals("offset", hunk.get("status").asText());
        assertEquals(hunk.get("expected").asInt() + 7, hunk.get("landed").asInt());
        assertTrue(Files.readString(base).contains(hunk.get("contextBefore").asText() + hunk.get("before").asText()
                + hunk.get("contextAfter").asText()), "context + before is a slice of the base: " + hunk);
        assertTrue(Files.readString(edited).contains(hunk.get("contextBefore").asText() + hunk.get("after").asText()
                + hunk.get("contextAfter").asText()), "context + after is a slice of the edited text: " + hunk);
        assertTrue(hunk.get("before").asText().contains("brown"), hunk.toString());
        assertTrue(hunk.get("after").asText().contains("red"), hunk.toString());
        assertFalse(hunk.has("reason"));
        assertTrue(printed.chars().allMatch(c -> c < 128), "ASCII JSON");
    }

    @Test
    void fraser_macs_example_reports_the_hunk_as_rejected_with_exit_0() throws IOException {
        Path base = file("base.txt", "Macs had the original point and click UI.");
        Path edited = file("edited.txt", "Macintoshes had the original point and click UI.");
        Path target = file("target.txt", "Smith & Wesson had the original point and click UI.");
        assertEquals(0, patch(base, edited, target));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("Smith & Wesson had the original point and click UI.", json.get("text").asText());
        assertEquals(1, json.get("rejected").asInt());
        JsonNode hunk = json.get("hunks").get(0);
        assertEquals("rejected", hunk.get("status").asText());
        assertEquals(-1, hunk.get("landed").asInt());
        assertEquals(0, hunk.get("expected").asInt());
        assertFalse(hunk.get("reason").asText().isBlank());
        assertEquals("Macintoshes had", (hunk.get("contextBefore").asText() + hunk.get("after").asText()
                + hunk.get("contextAfter").asText()).substring(0, "Macintoshes had".length()));
    }

    @Test
    void a_missing_file_is_one_line_on_stderr_and_exit_2() throws IOException {
        Path base = file("base.txt", "a");
        Path edited = file("edited.txt", "b");
        Path missing = dir.resolve("nope.txt");
        assertEquals(2, patch(base, edited, missing));
        assertEquals("", out.toString());
        assertEquals("tandem: " + missing + ": no such file", err.toString().strip());
    }

    @Test
    void a_file_that_is_not_utf8_is_one_line_on_stderr_and_exit_2() throws IOException {
        Path base = file("base.txt", "a");
        Path edited = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        Path target = file("target.txt", "a");
        assertEquals(2, patch(base, edited, target));
        assertEquals("", out.toString());
        assertEquals("tandem: " + edited + ": not valid UTF-8", err.toString().strip());
    }

    @Test
    void a_missing_option_is_one_line_on_stderr_and_exit_2() throws IOException {
        Path base = file("base.txt", "a");
        assertEquals(2, run("patch", "--base", base.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void help_describes_the_json_and_the_exit_codes() {
        assertEquals(0, run("patch", "--help"));
        String help = out.toString();
        assertTrue(help.contains("--base") && help.contains("--edited") && help.contains("--target"), help);
        assertTrue(help.contains("even if some hunks were rejected"), help);
    }
}
