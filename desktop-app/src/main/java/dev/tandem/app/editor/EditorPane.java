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
import org.fxmisc.richtext.model.PlainTextChange;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.StyledDocument;
import org.fxmisc.richtext.model.TwoDimensional;
import org.fxmisc.richtext.util.UndoUtils;

import org.reactfx.util.FxTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The view of one document: a RichTextFX {@link CodeArea} with Markdown highlighting, bound to its
 * {@link DocumentViewModel}. It renders and forwards: user changes go to the view-model; remote changes come from it
 * through {@link DocumentViewModel.Surface#replace} (the document's replace: the area's {@code replaceText} would also
 * move this user's caret); undo/redo keys go to the view-model's own-edits-only undo (the area's built-in undo manager
 * is switched off).
 *
 * <p>What the FX thread does per change follows the size of the change, not of the document (issue #5: a peer typing
 * into a 100 KB document must not block the UI thread): highlighting is computed on {@code background} from an
 * immutable snapshot of the area's document and comes back as the few {@link StyleRun}s that differ, applied near the
 * viewport, a few paragraphs on screen per pulse (the rest when scrolled to); peers' markers, name tags and
 * highlighting are applied once per pulse, after layout (asking a caret for its bounds, or the area for its visible
 * paragraphs, at any other moment forces a layout of the whole viewport there and then).
 *
 * <p>Concurrency: FX thread only; highlighting runs on {@code background} and its result, posted through {@code ui},
 * is moved over the text changes made meanwhile ({@link StyleRun#rebase}).
 */
public final class EditorPane extends StackPane {

    private static final Logger LOG = LoggerFactory.getLogger(EditorPane.class);

    private final CodeArea area = new CodeArea();
    private final DocumentViewModel model;
    private final Executor background;
    private final Executor ui;
    private final Map<String, CaretNode> peerCarets = new HashMap<>();
    private final Map<String, Selection<Collection<String>, String, Collection<String>>> peerSelections = new HashMap<>();
    private final Map<String, Label> peerLabels = new HashMap<>();
    private final javafx.scene.layout.Pane overlay = new javafx.scene.layout.Pane();
    /** Counts text changes (not style changes): runs for an older count must not be applied as they are. */
    private long textVersion;
    /** Highlighting computed for text version {@link #unstyledVersion} and not applied yet (away from the viewport). */
    private List<StyleRun> unstyled = List.of();
    private long unstyledVersion = -1;
    /** The paragraphs around the viewport that were styled last ({@code [first, last]}), to notice when it moves. */
    private int styledFirst = -1;
    private int styledLast = -1;
    private boolean highlightScheduled;
    private boolean highlightRunning;
    /** The last pass's highlighting (of its snapshot's text): the next pass scans only what changed since. */
    private MarkdownHighlighter.Highlighting highlighted;
    /** The text changes made since the running highlighting took its snapshot (its runs are moved over them). */
    private final List<PlainTextChange> changedSinceSnapshot = new ArrayList<>();
    /** Peers' carets and selections must be put back where their owners said (after a remote change or presence). */
    private boolean peersDirty;
    /** Name tags must follow the carets (text, scroll or size changed). */
    private boolean tagsDirty;
    /** The viewport scrolled or was resized since the highlighting around it was applied. */
    private boolean viewportMoved;
    /** Paragraphs on screen wait for their highlighting (a few are restyled per pulse). */
    private boolean styleMore;
    /** The pulse listener (the scene holds it while this pane is in it). */
    private final Runnable afterLayout = this::afterLayout;
    /** Paragraphs styled beyond the viewport in a large document (the rest is styled when scrolled to). */
    private static final int STYLE_MARGIN_PARAGRAPHS = 150;
    /** Paragraphs on screen restyled per pulse at most (each is laid out again). */
    private static final int VISIBLE_RESTYLES_PER_PULSE = 4;
    /** Quiet time after a text change before highlighting starts (a burst of changes is highlighted once). */
    private static final Duration HIGHLIGHT_DELAY = Duration.ofMillis(40);
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
            if (highlightRunning) changedSinceSnapshot.add(c);
            markTagsDirty();
            scheduleHighlight();
            if (!model.applyingRemote()) model.localEdit(c.getPosition(), c.getRemoved(), c.getInserted());
        });
        area.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
        area.caretPositionProperty().addListener((o, a, b) -> publishPresence());
        area.anchorProperty().addListener((o, a, b) -> publishPresence());
        model.peers().addListener((MapChangeListener<String, DocumentViewModel.Peer>) ch -> {
            if (ch.wasRemoved() && !ch.wasAdded()) removePeer(ch.getKey());
            if (ch.wasAdded()) {
                addPeer(ch.getValueAdded());
                markPeersDirty();
            }
        });
        area.estimatedScrollYProperty().addListener((o, a, b) -> viewportMoved());
        area.widthProperty().addListener((o, a, b) -> viewportMoved());
        area.heightProperty().addListener((o, a, b) -> viewportMoved());
        // RichTextFX moves extra carets with every edit; peers' offsets are absolute in the shared text (presence
        // usually overtakes the change), so put them back where their owners said they are (at the next pulse).
        model.setOnRemoteApplied(this::markPeersDirty);
        sceneProperty().addListener((o, was, now) -> {
            if (was != null) was.removePostLayoutPulseListener(afterLayout);
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
                viewportMoved = true;
            }
        });
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

    // ---------------------------------------------------------------------------------------------------------------
    // Highlighting: computed off the FX thread from a snapshot, applied as the few runs that differ, near the viewport.

    private void scheduleHighlight() {
        if (highlightScheduled) return;
        highlightScheduled = true;
        FxTimer.runLater(HIGHLIGHT_DELAY, this::highlight);
    }

    /**
     * Starts computing the highlighting of the current text on {@code background} (one computation at a time; changes
     * made meanwhile start another when it ends, and its result is moved over them). The FX thread only takes the
     * document's immutable snapshot.
     */
    private void highlight() {
        highlightScheduled = false;
        if (highlightRunning) return; // the running one reschedules when it sees the text changed
        long version = textVersion;
        StyledDocument<Collection<String>, String, Collection<String>> snapshot = area.getContent().snapshot();
        MarkdownHighlighter.Highlighting previous = highlighted;
        CompletableFuture<MarkdownHighlighter.Pass> future;
        try {
            future = CompletableFuture.supplyAsync(() -> MarkdownHighlighter.restyle(snapshot, previous), background);
        } catch (RejectedExecutionException e) {
            return; // the app is shutting down
        }
        highlightRunning = true;
        changedSinceSnapshot.clear();
        future.whenCompleteAsync((pass, err) -> {
            highlightRunning = false;
            if (err != null) {
                LOG.warn("highlighting failed", err);
                highlighted = null; // the next pass starts from scratch
                return;
            }
            highlighted = pass.highlighting();
            List<StyleRun> result = pass.runs();
            if (version != textVersion) {
                // The text changed while it was computed: use what the changes left valid, and highlight again.
                result = StyleRun.rebase(result, List.copyOf(changedSinceSnapshot));
                scheduleHighlight();
            }
            changedSinceSnapshot.clear();
            unstyled = result;
            unstyledVersion = textVersion;
            styleMore = true; // after the next layout pass
            Platform.requestNextPulse();
        }, ui);
    }

    /**
     * Applies the computed highlighting that lies near the viewport (all of it for a small text) and keeps the rest
     * for when the viewport moves there: restyling a whole large document at once would block the FX thread. Restyled
     * paragraphs on screen are laid out again (each cell rebuilt at the next layout pass), so at most
     * {@link #VISIBLE_RESTYLES_PER_PULSE} of them are restyled per pulse; the next pulses go on (a fence a peer
     * closes on screen turns into code over a few frames instead of in one long one).
     */
    private void styleAroundViewport() {
        styleMore = false;
        if (unstyledVersion != textVersion || unstyled.isEmpty()) return;
        int pars = area.getParagraphs().size();
        boolean shown = !area.getVisibleParagraphs().isEmpty();
        int first;
        int last;
        int visFrom = 0;
        int visTo = 0;
        if (shown) {
            int visFirst = area.firstVisibleParToAllParIndex();
            int visLast = area.lastVisibleParToAllParIndex();
            first = Math.max(0, visFirst - STYLE_MARGIN_PARAGRAPHS);
            last = Math.min(pars - 1, visLast + STYLE_MARGIN_PARAGRAPHS);
            visFrom = area.getAbsolutePosition(visFirst, 0);
            visTo = area.getAbsolutePosition(visLast, area.getParagraphLength(visLast)) + 1;
        } else {
            first = 0;
            last = Math.min(pars - 1, 2 * STYLE_MARGIN_PARAGRAPHS);
        }
        styledFirst = first;
        styledLast = last;
        int from = area.getAbsolutePosition(first, 0);
        int to = area.getAbsolutePosition(last, area.getParagraphLength(last)) + 1; // with the line break
        int budget = VISIBLE_RESTYLES_PER_PULSE;
        List<StyleRun> rest = new ArrayList<>();
        for (StyleRun r : unstyled) {
            StyleRun near = r.slice(from, to);
            if (near == null) {
                rest.add(r);
                continue;
            }
            keep(rest, r.slice(r.from(), from));
            keep(rest, r.slice(to, r.to()));
            // Paragraphs off screen cost only their model: all of them now.
            restyle(near.slice(near.from(), visFrom));
            restyle(near.slice(visTo, near.to()));
            StyleRun seen = near.slice(visFrom, visTo);
            if (seen == null) continue;
            int p0 = area.offsetToPosition(seen.from(), TwoDimensional.Bias.Forward).getMajor();
            int p1 = area.offsetToPosition(seen.to() - 1, TwoDimensional.Bias.Forward).getMajor();
            if (p1 - p0 + 1 <= budget) {
                restyle(seen);
                budget -= p1 - p0 + 1;
            } else {
                int cut = budget == 0 ? seen.from() : area.getAbsolutePosition(p0 + budget, 0);
                restyle(seen.slice(seen.from(), cut));
                keep(rest, seen.slice(cut, seen.to()));
                budget = 0;
            }
        }
        rest.sort(java.util.Comparator.comparingInt(StyleRun::from));
        unstyled = rest;
        if (budget == 0) styleMore = true; // the next pulse restyles the next paragraphs on screen
        Platform.requestNextPulse();
    }

    private void restyle(StyleRun r) {
        if (r != null) area.setStyleSpans(r.from(), r.spans());
    }

    private static void keep(List<StyleRun> rest, StyleRun r) {
        if (r != null) rest.add(r);
    }

    /**
     * Every pulse, after layout: name tags follow their carets; then peers' markers are put in place and the
     * highlighting near the viewport is applied, both laid out at the next pulse. After layout, because asking the area
     * for its visible paragraphs or a caret for its bounds at any other moment lays the viewport out there and then
     * (and restyling before the layout pass had it rebuild the same cells twice).
     */
    private void afterLayout() {
        if (tagsDirty) {
            tagsDirty = false;
            relabelPeers();
        }
        if (peersDirty) {
            peersDirty = false;
            model.peers().values().forEach(this::placePeer);
            markTagsDirty();
        }
        if (styleMore) {
            styleAroundViewport();
        } else if (viewportMoved && !unstyled.isEmpty() && unstyledVersion == textVersion
                && !area.getVisibleParagraphs().isEmpty()) {
            viewportMoved = false;
            // Restyle when the viewport came within half a margin of the styled paragraphs' ends.
            int need = Math.max(0, area.firstVisibleParToAllParIndex() - STYLE_MARGIN_PARAGRAPHS / 2);
            int needLast = Math.min(area.getParagraphs().size() - 1,
                    area.lastVisibleParToAllParIndex() + STYLE_MARGIN_PARAGRAPHS / 2);
            if (need < styledFirst || needLast > styledLast) styleAroundViewport();
        }
    }

    private void markPeersDirty() {
        peersDirty = true;
        Platform.requestNextPulse();
    }

    private void viewportMoved() {
        viewportMoved = true;
        markTagsDirty();
    }

    private void markTagsDirty() {
        if (peerCarets.isEmpty()) return;
        tagsDirty = true;
        Platform.requestNextPulse();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Peers: a caret and a selection in the peer's colour, and a name tag above the caret.

    /** Creates a new peer's caret, selection and name tag (placed at the next pulse). */
    private void addPeer(DocumentViewModel.Peer p) {
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
        }
    }

    /**
     * Puts a peer's caret and selection where the peer said they are. An empty selection stays parked at the start
     * of the text: every move of a selection, even an empty one, makes the paragraphs it touches redraw.
     */
    private void placePeer(DocumentViewModel.Peer p) {
        CaretNode caret = peerCarets.get(p.id());
        if (caret == null) return;
        int len = area.getLength();
        caret.moveTo(Math.min(p.caret(), len));
        int a = Math.min(p.anchor(), len);
        int b = Math.min(p.caret(), len);
        Selection<Collection<String>, String, Collection<String>> sel = peerSelections.get(p.id());
        int start = a == b ? 0 : Math.min(a, b);
        int end = a == b ? 0 : Math.max(a, b);
        if (sel.getStartPosition() != start || sel.getEndPosition() != end) sel.selectRange(start, end);
        Label tag = peerLabels.get(p.id());
        if (!tag.getText().equals(p.name())) tag.setText(p.name());
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
