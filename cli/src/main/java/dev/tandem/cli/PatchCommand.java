package dev.tandem.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.text.FuzzyPatcher;
import dev.tandem.engine.text.Hunk;
import dev.tandem.engine.text.HunkResult;
import dev.tandem.engine.text.Patch;
import dev.tandem.engine.text.PatchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./tandem patch}: the fuzzy patcher on three files, for people and scripts. */
@Command(name = "patch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Apply the change base->edited onto target (Fraser's fuzzy patch) and print one JSON object:",
                "  {\"text\": \"...\", \"hunks\": [{\"status\": \"exact|offset|fuzzy|rejected\", \"expected\": N,"
                        + " \"landed\": N, \"before\": \"...\", \"after\": \"...\", \"contextBefore\": \"...\","
                        + " \"contextAfter\": \"...\", \"reason\": \"...\"}], \"rejected\": N}",
                "Each hunk rewrites 'before' into 'after' between its two contexts; 'expected' is where it was aimed"
                        + " in the target, 'landed' where it applied (-1 when rejected), 'reason' is given for"
                        + " rejected hunks only. A rejected hunk leaves the target's text untouched.",
                "Files are read as strict UTF-8. The JSON is ASCII (other characters are \\u-escaped)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the patch was applied, even if some hunks were rejected (see \"rejected\" in the JSON)",
                "2:bad input: a missing or unreadable file, a file that is not UTF-8, a bad option"})
final class PatchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "FILE", description = "the text the change was made on")
    Path base;

    @Option(names = "--edited", required = true, paramLabel = "FILE", description = "the base after the change")
    Path edited;

    @Option(names = "--target", required = true, paramLabel = "FILE",
            description = "the text to apply the change to (typically the base, changed meanwhile by someone else)")
    Path target;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter err = spec.commandLine().getErr();
        String baseText;
        String editedText;
        String targetText;
        try {
            baseText = readUtf8(base);
            editedText = readUtf8(edited);
            targetText = readUtf8(target);
        } catch (BadInput e) {
            err.println("tandem: " + e.getMessage());
            err.flush();
            return TandemCli.BAD_INPUT;
        }
        PatchResult result = FuzzyPatcher.withDefaults().apply(Patch.make(baseText, editedText), targetText);
        PrintWriter out = spec.commandLine().getOut();
        out.println(JSON.writeValueAsString(toJson(result)));
        out.flush();
        return 0;
    }

    static ObjectNode toJson(PatchResult result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", result.text());
        ArrayNode hunks = root.putArray("hunks");
        for (HunkResult r : result.hunks()) {
            Hunk h = r.hunk();
            ObjectNode o = hunks.addObject();
            o.put("status", r.status().name().toLowerCase(Locale.ROOT));
            o.put("expected", r.expected());
            o.put("landed", r.landed());
            o.put("before", h.changedBefore());
            o.put("after", h.changedAfter());
            o.put("contextBefore", h.contextBefore());
            o.put("contextAfter", h.contextAfter());
            if (!r.isApplied()) o.put("reason", r.reason());
        }
        root.put("rejected", result.rejectedCount());
        return root;
    }

    /** The file's text; invalid UTF-8 is an error, never replaced by U+FFFD. */
    static String readUtf8(Path file) throws BadInput {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadInput(file + ": not valid UTF-8");
        }
    }

    /** A problem with the user's input, said in one line. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }
}
