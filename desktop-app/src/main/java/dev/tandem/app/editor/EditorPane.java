package dev.tandem.app.editor;

import dev.tandem.app.connection.LocalPresence;
import javafx.application.Platform;
import javafx.collections.MapChangeListener;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CaretNode;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.Selection;
import org.fxmisc.richtext.SelectionImpl;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyledDocument;
import org.fxmisc.richtext.util.UndoUtils;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The view of one document: a RichTextFX {@link CodeArea} with Markdown highlighting, bound to its
 * {@link DocumentViewModel}. It renders and forwards: user changes go to the view-model; remote changes come from it
 * through {@link DocumentViewModel.Surface#replace} (the area's {@code replaceText}); undo/redo keys go to the
 * view-model's own-edits-only undo (the area's built-in undo manager is switched off).
 *
 * <p>Concurrency: FX thread only; highlighting of large texts runs on {@code background} and its result is dropped if
 * the text changed meanwhile.
 */
public final class EditorPane extends StackPane {

    private final CodeArea area = new CodeArea();
    private final DocumentViewModel model;
    private final Executor background;
    private final Executor ui;
    private final Map<String, CaretNode> peerCarets = new HashMap<>();
    private final Map<String, Selection<Collection<String>, String, Collection<String>>> peerSelections = new HashMap<>();
    private final Map<String, Label> peerLabels = new HashMap<>();
    private final javafx.scene.layout.Pane overlay = new javafx.scene.layout.Pane();
    private long textVersion;
    private StyleSpans<Collection<String>> lastSpans;
    private long lastSpansVersion = -1;
    /** Paragraphs styled beyond the viewport in a large document (the rest is styled when scrolled to). */
    private static final int STYLE_MARGIN_PARAGRAPHS = 150;
    private Consumer<LocalPresence> presenceSink = p -> { };

    public EditorPane(DocumentViewModel model, Executor background, Executor ui) {
        this.model = model;
        this.background = background;
        this.ui = ui;
        getStyleClass().add("editor-pane");
        area.getStyleClass().add("editor");
        area.setId("editor-area");
        area.setWrapText(true);
        area.setUndoManager(UndoUtils.noOpUndoManager());
        area.setEditable(false);
        overlay.setMouseTransparent(true);
        overlay.setManaged(false);
        getChildren().addAll(new VirtualizedScrollPane<>(area), overlay);

        area.plainTextChanges().filter(c -> !c.isIdentity()).subscribe(c -> {
            textVersion++;
            if (!model.applyingRemote()) model.localEdit(c.getPosition(), c.getRemoved(), c.getInserted());
        });
        area.multiPlainChanges().successionEnds(Duration.ofMillis(60)).subscribe(x -> highlight());
        org.reactfx.EventStreams.valuesOf(area.estimatedScrollYProperty()).successionEnds(Duration.ofMillis(60))
                .subscribe(y -> applyVisible());
        area.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        area.caretPositionProperty().addListener((o, a, b) -> publishPresence());
        area.anchorProperty().addListener((o, a, b) -> publishPresence());
        model.peers().addListener((MapChangeListener<String, DocumentViewModel.Peer>) ch -> {
            if (ch.wasRemoved() && !ch.wasAdded()) removePeer(ch.getKey());
            if (ch.wasAdded()) showPeer(ch.getValueAdded());
        });
        area.estimatedScrollYProperty().addListener((o, a, b) -> relabelPeers());
        area.widthProperty().addListener((o, a, b) -> relabelPeers());
        // RichTextFX moves extra carets with every edit; peers' offsets are absolute in the shared text (presence
        // usually overtakes the change), so put them back where their owners said they are.
        model.setOnRemoteApplied(() -> model.peers().values().forEach(this::showPeer));
    }

    /** Loads the document into the area; completes on the FX thread when it is editable. */
    public CompletableFuture<Void> open() {
        return model.open(surface()).thenRun(() -> {
            area.setEditable(true);
            highlight();
            area.moveTo(0);
            area.requestFollowCaret();
            publishPresence(); // peers see this user in the document at once, not at the first caret move
        });
    }

    public CodeArea area() { return area; }

    public DocumentViewModel model() { return model; }

    public void setPresenceSink(Consumer<LocalPresence> sink) {
        this.presenceSink = sink;
    }

    public void setLineNumbers(boolean on) {
        area.setParagraphGraphicFactory(on ? LineNumberFactory.get(area) : null);
    }

    public void setWrap(boolean on) {
        area.setWrapText(on);
    }

    public void setMonospace(boolean mono) {
        area.getStyleClass().removeAll("font-mono", "font-prop");
        area.getStyleClass().add(mono ? "font-mono" : "font-prop");
    }

    public void setZoom(double factor) {
        area.setStyle("-fx-font-size: " + Math.round(14 * factor) + "px;");
    }

    private void keys(KeyEvent e) {
        if (UNDO.match(e)) {
            model.undo();
            e.consume();
        } else if (REDO.match(e) || REDO2.match(e)) {
            model.redo();
            e.consume();
        }
    }

    private static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REDO = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REDO2 = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    private void publishPresence() {
        if (!area.isEditable()) return;
        presenceSink.accept(new LocalPresence(model.docId(), area.getCaretPosition(), area.getAnchor()));
    }

    /** Highlights now for small texts; off the FX thread for large ones, dropping stale results. */
    private void highlight() {
        String text = area.getText();
        long version = textVersion;
        if (text.length() < MarkdownHighlighter.ASYNC_THRESHOLD_CHARS) {
            lastSpans = MarkdownHighlighter.compute(text);
            lastSpansVersion = version;
            applyVisible();
            return;
        }
        CompletableFuture<StyleSpans<Collection<String>>> future;
        try {
            future = CompletableFuture.supplyAsync(() -> MarkdownHighlighter.compute(text), background);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // the app is shutting down
        }
        future.thenAcceptAsync(spans -> {
                    if (version != textVersion) return; // stale: a newer result is on its way
                    lastSpans = spans;
                    lastSpansVersion = version;
                    applyVisible();
                }, ui);
    }

    /**
     * Applies the latest highlighting: all of it for a small text; for a large one only around the viewport (restyling
     * 100 KB on every pause in typing would block the FX thread for tens of milliseconds).
     */
    private void applyVisible() {
        if (lastSpans == null || lastSpansVersion != textVersion || lastSpans.length() != area.getLength()) return;
        if (area.getLength() < MarkdownHighlighter.ASYNC_THRESHOLD_CHARS || area.getVisibleParagraphs().isEmpty()) {
            area.setStyleSpans(0, lastSpans);
            return;
        }
        int first = Math.max(0, area.firstVisibleParToAllParIndex() - STYLE_MARGIN_PARAGRAPHS);
        int last = Math.min(area.getParagraphs().size() - 1, area.lastVisibleParToAllParIndex() + STYLE_MARGIN_PARAGRAPHS);
        int from = area.getAbsolutePosition(first, 0);
        int to = area.getAbsolutePosition(last, area.getParagraphLength(last));
        if (to > from) area.setStyleSpans(from, lastSpans.subView(from, to));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Peers: a caret and a selection in the peer's colour, and a name tag above the caret.

    private void showPeer(DocumentViewModel.Peer p) {
        Color c = Color.web(p.colour());
        CaretNode caret = peerCarets.get(p.id());
        if (caret == null) {
            caret = new CaretNode("peer-" + p.id(), area, Math.min(p.caret(), area.getLength()));
            caret.setStroke(c);
            caret.setStrokeWidth(2);
            caret.setBlinkRate(javafx.util.Duration.ZERO);
            caret.setShowCaret(org.fxmisc.richtext.Caret.CaretVisibility.ON);
            caret.getStyleClass().add("peer-caret");
            area.addCaret(caret);
            peerCarets.put(p.id(), caret);
            Selection<Collection<String>, String, Collection<String>> sel = new SelectionImpl<>("peer-sel-" + p.id(), area,
                    path -> {
                        path.setFill(c.deriveColor(0, 1, 1, 0.25));
                        path.setStrokeWidth(0);
                    });
            area.addSelection(sel);
            peerSelections.put(p.id(), sel);
            Label tag = new Label(p.name());
            tag.getStyleClass().add("peer-tag");
            tag.setStyle("-fx-background-color: " + p.colour() + ";");
            overlay.getChildren().add(tag);
            peerLabels.put(p.id(), tag);
            caret.caretBoundsProperty().addListener((o, a, b) -> relabelPeers());
        }
        int len = area.getLength();
        caret.moveTo(Math.min(p.caret(), len));
        int a = Math.min(p.anchor(), len);
        int b = Math.min(p.caret(), len);
        peerSelections.get(p.id()).selectRange(Math.min(a, b), Math.max(a, b));
        peerLabels.get(p.id()).setText(p.name());
        relabelPeers();
    }

    private void removePeer(String id) {
        CaretNode c = peerCarets.remove(id);
        if (c != null) area.removeCaret(c);
        var s = peerSelections.remove(id);
        if (s != null) area.removeSelection(s);
        Label l = peerLabels.remove(id);
        if (l != null) overlay.getChildren().remove(l);
    }

    private void relabelPeers() {
        for (var e : peerCarets.entrySet()) {
            Label tag = peerLabels.get(e.getKey());
            var bounds = e.getValue().getCaretBounds();
            if (tag == null) continue;
            if (bounds.isEmpty()) {
                tag.setVisible(false);
                continue;
            }
            var local = screenToLocal(bounds.get());
            if (local == null) {
                tag.setVisible(false);
                continue;
            }
            tag.autosize();
            tag.relocate(local.getMinX(), Math.max(0, local.getMinY() - tag.getHeight()));
            tag.setVisible(true);
        }
    }

    private DocumentViewModel.Surface surface() {
        Collection<String> paragraphStyle = area.getInitialParagraphStyle();
        Collection<String> textStyle = area.getInitialTextStyle();
        return new DocumentViewModel.Surface() {
            @Override
            public String text() { return area.getText(); }

            @Override
            public int length() { return area.getLength(); }

            @Override
            public void replace(int pos, int deleted, String inserted) {
                if (!model.applyingRemote()) {
                    area.replaceText(pos, pos + deleted, inserted); // undo, redo: the caret goes to the change
                    return;
                }
                // A peer's change goes to the document itself: the area's replaceText would also move this user's caret
                // to it (and publish that), and the view-model would move it back, each move redrawing its paragraphs.
                area.getContent().replace(pos, pos + deleted, ReadOnlyStyledDocument.fromString(inserted,
                        area.getParagraphStyleForInsertionAt(pos), area.getTextStyleForInsertionAt(pos), area.getSegOps()));
            }

            @Override
            public Runnable prepareLoad(String text) {
                // Splitting a large text into the area's paragraph model is most of the cost of showing it: done here,
                // off the UI thread, on immutable values; the UI thread only swaps the finished document in.
                StyledDocument<Collection<String>, String, Collection<String>> doc =
                        ReadOnlyStyledDocument.fromString(text, paragraphStyle, textStyle, area.getSegOps());
                return () -> area.replace(0, area.getLength(), doc);
            }

            @Override
            public int caret() { return area.getCaretPosition(); }

            @Override
            public int anchor() { return area.getAnchor(); }

            @Override
            public void select(int anchor, int caret) {
                area.selectRange(anchor, caret);
            }
        };
    }
}
