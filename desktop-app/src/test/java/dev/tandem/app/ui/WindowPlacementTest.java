package dev.tandem.app.ui;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowPlacementTest {

    static final Rectangle2D LAPTOP = new Rectangle2D(0, 27, 1366, 741); // 768 high, a top panel of 27
    static final Rectangle2D WIDE = new Rectangle2D(0, 0, 2560, 1400);

    @Test
    void a_size_that_fits_is_kept() {
        assertEquals(new Dimension2D(1100, 720), WindowPlacement.fit(1100, 720, WIDE));
    }

    @Test
    void a_size_remembered_on_a_large_monitor_shrinks_to_a_laptop_screen() {
        Dimension2D d = WindowPlacement.fit(2400, 1300, LAPTOP);
        assertTrue(d.getWidth() + WindowPlacement.DECORATION_WIDTH <= LAPTOP.getWidth(), d.toString());
        assertTrue(d.getHeight() + WindowPlacement.DECORATION_HEIGHT <= LAPTOP.getHeight(), d.toString());
    }

    @Test
    void a_tiny_screen_still_gets_a_usable_window() {
        assertEquals(new Dimension2D(WindowPlacement.MIN_WIDTH, WindowPlacement.MIN_HEIGHT),
                WindowPlacement.fit(1100, 720, new Rectangle2D(0, 0, 300, 200)));
    }

    @Test
    void the_demo_windows_lie_side_by_side_on_a_laptop_screen_without_overlapping() {
        Rectangle2D a = WindowPlacement.sideBySide(LAPTOP, 0, 2, 820, 640);
        Rectangle2D b = WindowPlacement.sideBySide(LAPTOP, 1, 2, 820, 640);
        for (Rectangle2D r : new Rectangle2D[] {a, b}) {
            assertTrue(r.getMinX() >= LAPTOP.getMinX() && r.getMaxX() + WindowPlacement.DECORATION_WIDTH <= LAPTOP.getMaxX() + 0.5, r.toString());
            assertTrue(r.getMinY() >= LAPTOP.getMinY(), r.toString());
        }
        assertTrue(a.getMaxX() <= b.getMinX(), a + " overlaps " + b);
    }

    @Test
    void on_a_wide_screen_the_demo_windows_keep_the_size_asked_for() {
        Rectangle2D b = WindowPlacement.sideBySide(WIDE, 1, 2, 820, 640);
        assertEquals(820, b.getWidth());
        assertEquals(640, b.getHeight());
        assertEquals(1280, b.getMinX());
    }

    @Test
    void on_a_screen_too_narrow_for_both_each_window_still_starts_on_it() {
        Rectangle2D narrow = new Rectangle2D(0, 0, 800, 600);
        Rectangle2D b = WindowPlacement.sideBySide(narrow, 1, 2, 820, 640);
        assertEquals(WindowPlacement.MIN_WIDTH, b.getWidth());
        assertTrue(b.getMaxX() <= narrow.getMaxX(), b.toString());
    }

    @Test
    void a_window_outside_the_count_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> WindowPlacement.sideBySide(WIDE, 2, 2, 800, 600));
    }
}
