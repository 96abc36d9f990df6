package dev.tandem.cli.lab;

import java.util.function.Function;

/** The strategies the lab compares, each a real engine over the same network (docs/strategies.md). */
enum Strategy {
    LOCK_DOCUMENT("lock-doc", "whole-document lock, released by an unlock message",
            ctx -> new LockingEngine(ctx, LockScope.DOCUMENT, LockManager.NO_LEASE)),
    LOCK_DOCUMENT_LEASE("lock-doc+lease", "whole-document lock with a 15 s lease renewed by heartbeats",
            ctx -> new LockingEngine(ctx, LockScope.DOCUMENT, LockingEngine.LEASE)),
    LOCK_PARAGRAPH("lock-para", "a lock per paragraph, released by an unlock message",
            ctx -> new LockingEngine(ctx, LockScope.PARAGRAPH, LockManager.NO_LEASE)),
    LOCK_PARAGRAPH_LEASE("lock-para+lease", "a lock per paragraph with a 15 s lease",
            ctx -> new LockingEngine(ctx, LockScope.PARAGRAPH, LockingEngine.LEASE)),
    EVENT_PASSING("events", "every edit sent as an event and replayed untransformed",
            EventPassingEngine::new),
    THREE_WAY("3-way", "whole document to the hub, merged three ways, merged document back; the user keeps typing",
            ctx -> new ThreeWayMergeEngine(ctx, MergeClient.Policy.OVERWRITE)),
    THREE_WAY_BLOCKING("3-way+block", "three-way merge with the editor locked while a merge is out",
            ctx -> new ThreeWayMergeEngine(ctx, MergeClient.Policy.BLOCK)),
    DIFF_SYNC("diff-sync", "differential synchronization: Tandem's own engine (ClientSession, HubSession)",
            DiffSyncEngine::new);

    private final String id;
    private final String description;
    private final Function<LabContext, LabEngine> factory;

    Strategy(String id, String description, Function<LabContext, LabEngine> factory) {
        this.id = id;
        this.description = description;
        this.factory = factory;
    }

    String id() { return id; }

    String description() { return description; }

    LabEngine start(LabContext ctx) { return factory.apply(ctx); }
}
