package dev.tandem.engine.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointPolicyTest {

    private final HubSession.Options options = new HubSession.Options(10, 20_000, dev.tandem.engine.sync.EngineLimits.DEFAULTS);

    @Test
    void a_document_with_a_few_clients_is_checkpointed_after_the_configured_number_of_entries() {
        assertFalse(options.checkpointDue(19_999, 3, 100_000));
        assertTrue(options.checkpointDue(20_000, 3, 100_000));
    }

    @Test
    void a_document_with_many_clients_waits_until_its_journal_is_about_as_large_as_the_checkpoint() {
        // 200 views of a 50,000-char document: a checkpoint writes about 10 MB, so 20,000 entries (~0.8 MB) is too soon.
        assertFalse(options.checkpointDue(20_000, 200, 50_000));
        assertFalse(options.checkpointDue(250_000, 200, 50_000));
        assertTrue(options.checkpointDue(252_000, 200, 50_000));
    }
}
