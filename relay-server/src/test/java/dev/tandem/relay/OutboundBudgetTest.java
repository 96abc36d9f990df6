package dev.tandem.relay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** All connections together hold at most so many chars of frames not yet written (decision 0023). */
class OutboundBudgetTest {

    @Test
    void frames_are_taken_until_the_budget_would_be_passed_and_given_back_when_written() {
        OutboundBudget budget = new OutboundBudget(100);
        assertTrue(budget.take(60));
        assertTrue(budget.take(40));
        assertFalse(budget.take(1));
        assertEquals(100, budget.held(), "a refused frame takes nothing");
        assertEquals(1, budget.refused.sum());
        budget.giveBack(60);
        assertTrue(budget.take(50));
        assertEquals(90, budget.held());
    }

    @Test
    void a_frame_alone_is_taken_however_large_a_whole_document_must_reach_a_joining_client() {
        OutboundBudget budget = new OutboundBudget(100);
        assertTrue(budget.take(1_000));
        assertFalse(budget.take(1));
        budget.giveBack(1_000);
        assertTrue(budget.take(1));
    }

    @Test
    void a_budget_is_positive_and_by_default_a_sixty_fourth_of_the_heap() {
        assertThrows(IllegalArgumentException.class, () -> new OutboundBudget(0));
        assertEquals(Runtime.getRuntime().maxMemory() / 64, OutboundBudget.ofHeap().limit());
    }
}
