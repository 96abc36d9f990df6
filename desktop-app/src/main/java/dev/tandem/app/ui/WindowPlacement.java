package dev.tandem.app.ui;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;

/**
 * Where a window goes on the screen it opens on: never larger than the screen's usable area (a size remembered on a
 * large monitor, reopened on a laptop), and for the demo's windows side by side within it, so that a newcomer on a
 * small screen sees both. Pure functions of the screen's visual bounds (no screen is looked up here).
 */
public final class WindowPlacement {

    /** The smallest content size a window is given, even on a tiny screen (the editor stays usable). */
    public static final double MIN_WIDTH = 480;
    public static final double MIN_HEIGHT = 320;
    /** Room left for the window manager's title bar and borders around the scene. */
    static final double DECORATION_WIDTH = 16;
    static final double DECORATION_HEIGHT = 48;

    private WindowPlacement() {}

    /** A scene size that fits the screen with its decorations: the wanted size, shrunk where it would not. */
    public static Dimension2D fit(double wantedWidth, double wantedHeight, Rectangle2D screen) {
        double w = Math.min(wantedWidth, screen.getWidth() - DECORATION_WIDTH);
        double h = Math.min(wantedHeight, screen.getHeight() - DECORATION_HEIGHT);
        return new Dimension2D(Math.max(MIN_WIDTH, w), Math.max(MIN_HEIGHT, h));
    }

    /**
     * Window {@code index} of {@code count} laid side by side across the screen: its position and scene size (at
     * most the wanted size, each window in its own share of the width).
     */
    public static Rectangle2D sideBySide(Rectangle2D screen, int index, int count, double wantedWidth, double wantedHeight) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("window " + index + " of " + count);
        }
        double share = screen.getWidth() / count;
        Dimension2D size = fit(Math.min(wantedWidth, share - DECORATION_WIDTH), wantedHeight, screen);
        double x = screen.getMinX() + index * share;
        // Narrower than MIN_WIDTH per share: the windows overlap, each still starting on the screen.
        x = Math.min(x, screen.getMaxX() - Math.min(size.getWidth(), screen.getWidth()));
        return new Rectangle2D(x, screen.getMinY(), size.getWidth(), size.getHeight());
    }
}
