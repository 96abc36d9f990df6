package dev.tandem.app.workspace;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Exports a document's text as Markdown (as is), plain text (Markdown rendered to text) or HTML (CommonMark). */
public final class Exporter {

    public enum Format {
        MARKDOWN("Markdown", "md"), PLAIN_TEXT("Plain text", "txt"), HTML("HTML", "html");

        public final String label;
        public final String extension;

        Format(String label, String extension) {
            this.label = label;
            this.extension = extension;
        }
    }

    private Exporter() { }

    public static String render(String markdown, String title, Format f) {
        return switch (f) {
            case MARKDOWN -> markdown;
            case PLAIN_TEXT -> TextContentRenderer.builder().build().render(Parser.builder().build().parse(markdown));
            case HTML -> "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
                    + "</title></head>\n<body>\n"
                    + HtmlRenderer.builder().escapeHtml(true).build().render(Parser.builder().build().parse(markdown))
                    + "</body></html>\n";
        };
    }

    public static void write(Path file, String markdown, String title, Format f) throws IOException {
        Files.writeString(file, render(markdown, title, f), StandardCharsets.UTF_8);
    }

    /** A file name for the title: letters, digits, spaces, dots, dashes. */
    public static String fileName(String title, Format f) {
        String base = title.replaceAll("[^\\p{L}\\p{N} ._-]", "").trim();
        if (base.isEmpty()) base = "document";
        return base + "." + f.extension.toLowerCase(Locale.ROOT);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
