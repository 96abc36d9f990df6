package dev.tandem.app.workspace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExporterTest {

    private static final String MD = "# Title\n\nSome *emphasis* and <script>.\n";

    @Test
    void markdown_is_exported_as_is() {
        assertEquals(MD, Exporter.render(MD, "T", Exporter.Format.MARKDOWN));
    }

    @Test
    void html_export_renders_markdown_and_escapes_raw_html() {
        String html = Exporter.render(MD, "A <b> title", Exporter.Format.HTML);
        assertTrue(html.contains("<h1>Title</h1>"), html);
        assertTrue(html.contains("<em>emphasis</em>"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertTrue(html.contains("<title>A &lt;b&gt; title</title>"), html);
    }

    @Test
    void plain_text_export_drops_the_markup() {
        String txt = Exporter.render(MD, "T", Exporter.Format.PLAIN_TEXT);
        assertTrue(txt.startsWith("Title"), txt);
        assertTrue(txt.contains("Some emphasis and"), txt);
    }
}
