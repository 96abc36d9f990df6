package dev.tandem.engine.session;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.HubDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The hub at work: every live document has one owner ({@link Actor}) that performs its read-patch-write; after each
 * batch of messages it hands the replies and pushes the batch produced to the committer, which commits the store and
 * only then sends them. Pushes to a document's other clients are coalesced to at most one per
 * {@link Options#pushIntervalMillis push interval} per client: {@link Options#pushDelayMillis()}, or longer for a
 * document with so many clients that the pushes would pass {@link Options#documentPushesPerSecond()}.
 *
 * <p>The commit and the sends run beside the owners, not on them (a busy document's owner spent two fifths of its time
 * there, with 200 writers; docs/decisions/0020): while one batch is written, the owner works on the next. The
 * committer's commit covers every batch handed to it so far (and whatever the owners journaled since), so the
 * promise stays: nothing leaves before the store holds the step that made it.
 *
 * <p>Concurrency: {@link #attach}, {@link #detach} and {@link #receive} may be called from any thread (a transport's
 * I/O threads). Each document's state is touched only by its actor; the messages waiting for a commit only by the
 * committer (another {@link Actor}); a checkpoint's frozen state ({@link HubDocument#freeze}) only by the checkpointer
 * (a third {@link Actor}, on the executor {@link #checkpointsOn} gives), which hands its end back to the owner; the
 * map of documents and the map of client channels are concurrent, and so are the counts of each client's messages not
 * yet sent (raised by owners, lowered by the committer).
 * {@link ClientChannel#send} is called from the committer and must not block; {@link ClientChannel#backedUp} from
 * owners, and must not block either.
 */
public final class HubSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubSession.class);

    /** Sends to one connected client; must not block; may drop if the connection just died (the protocol copes). */
    @FunctionalInterface
    public interface ClientChannel {
        void send(Message message);

        /**
         * Whether messages sent earlier still wait to leave (a slow client, a full socket). A push to it then waits
         * too: the push after it carries the same edits and those made meanwhile, so nothing is lost by waiting, and
         * a hub whose clients cannot keep up stops composing, journaling and queueing pushes they would read late.
         */
        default boolean backedUp() {
            return false;
        }
    }

    /**
     * @param pushDelayMillis          coalescing window for pushes to a client (0: push at once)
     * @param checkpointEntries        journal entries after which a document is checkpointed (at least; see
     *                                 {@link #checkpointDue})
     * @param documentPushesPerSecond  how many pushes a second one document's clients get together at most: past
     *                                 {@code documentPushesPerSecond * pushDelayMillis / 1000} clients, each is pushed
     *                                 less often ({@link #pushIntervalMillis})
     */
    public record Options(long pushDelayMillis, long checkpointEntries, EngineLimits limits, int documentPushesPerSecond) {
        public static final Options DEFAULTS = new Options(10, 20_000, EngineLimits.DEFAULTS);
        /**
         * A push costs the relay a frame and a write system call, and its client a read, a parse and a hand-over
         * between threads, whatever it holds; what it holds grows with the interval, not its cost. At 200 writers on
         * one document a push every 10 ms made up to 20,000 pushes a second on this 2-core machine, and the relay's sends
         * were two fifths of its hub threads. Every 20 ms, in three interleaved pairs, the relay sent 21-43% fewer
         * messages, and p95 went from 52 / 98 / 110 ms to 50 / 71 / 73 ms (decision 0027). Up to 100 clients a
         * document keeps the 10 ms of the default delay.
         */
        public static final int DEFAULT_DOCUMENT_PUSHES_PER_SECOND = 10_000;

        public Options(long pushDelayMillis, long checkpointEntries, EngineLimits limits) {
            this(pushDelayMillis, checkpointEntries, limits, DEFAULT_DOCUMENT_PUSHES_PER_SECOND);
        }

        /** About how many bytes one journal entry takes (a splice, a version update, a stacked edit). */
        static final int JOURNAL_ENTRY_BYTES = 40;

        public Options {
            if (pushDelayMillis < 0) throw new IllegalArgumentException("pushDelayMillis must not be negative");
            if (checkpointEntries <= 0) throw new IllegalArgumentException("checkpointEntries must be positive");
            Objects.requireNonNull(limits, "limits");
            if (documentPushesPerSecond <= 0) throw new IllegalArgumentException("documentPushesPerSecond must be positive");
        }

        /** How long a client of a document with {@code clients} connected clients waits between two pushes, at least. */
        public long pushIntervalMillis(int clients) {
            return Math.max(pushDelayMillis, (long) clients * 1000 / documentPushesPerSecond);
        }

        /**
         * Whether a document is due a checkpoint. A checkpoint writes the text and every view's shadow — with 200
         * clients, 200 copies of the document — while each client's edit journals a few small entries in every view.
         * Checkpointing after a fixed number of entries would then rewrite all copies every few keystrokes (a fifth
         * of a busy hub's time went there); waiting until the journal is about as large as the checkpoint it replaces
         * keeps checkpoints at a constant share of the writes and a restart's replay at most about twice that size.
         */
        public boolean checkpointDue(long journalEntries, int views, int textLength) {
            long snapshotBytes = (long) (views + 1) * textLength;
            return journalEntries >= Math.max(checkpointEntries, snapshotBytes / JOURNAL_ENTRY_BYTES);
        }
    }

    /** Running totals for metrics. Read from any thread. */
    public final HubMetrics metrics = new HubMetrics();

    private final DocumentStore store;
    private final Options options;
    private final Executor executor;
    private final Timer timer;
    private final Map<String, ClientChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, LiveDocument> live = new ConcurrentHashMap<>();
    /** See {@link #checkpointsWithin}. */
    private volatile LongSupplier heapRoom = () -> Long.MAX_VALUE;
    /** Commits the store, then sends what the owners' batches produced, in the order they were handed over. */
    private final Actor committer;
    /** Where checkpoints are made and written, one at a time: see {@link #checkpointsOn}. */
    private volatile Executor checkpointExecutor;
    private final Actor checkpointer;
    /** Messages handed to the committer, not sent yet (touched only by the committer). */
    private final List<Outgoing> committing = new ArrayList<>();
    /** Per client, messages its documents' owners handed to the committer that it has not given to the channel yet. */
    private final Map<String, AtomicInteger> unsent = new ConcurrentHashMap<>();

    public HubSession(DocumentStore store, Options options, Executor executor, Timer timer) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.committer = new Actor(executor, this::commitAndSend);
        this.checkpointExecutor = executor;
        this.checkpointer = new Actor(task -> checkpointExecutor.execute(task), () -> { });
    }

    /**
     * Makes checkpoints (a snapshot's strings, its encoding and its write, up to hundreds of ms for a large document
     * with many views) on {@code executor} instead of the owners' executor, where one would hold a thread the owners
     * and the committer need. A relay gives a thread of their own.
     */
    public void checkpointsOn(Executor executor) {
        this.checkpointExecutor = Objects.requireNonNull(executor, "executor");
    }

    /** The committer's batch: one commit for every batch handed over since the last, then their messages. */
    private void commitAndSend() {
        if (committing.isEmpty()) return;
        try {
            store.commit();
        } catch (StoreException e) {
            LOG.error("commit failed, {} messages wait: {}", committing.size(), e.getMessage());
            timer.schedule(500, () -> committer.submit(() -> { })); // try again soon; the messages stay, in order
            return;
        }
        for (Outgoing o : committing) {
            ClientChannel ch = channels.get(o.clientId);
            if (ch != null) {
                ch.send(o.message.afterCommit()); // committed above: it acknowledges all it got
                metrics.messagesOut.increment();
            }
            unsent.get(o.clientId).decrementAndGet();
        }
        committing.clear();
    }

    /** One live document and what its owner has produced but not yet sent. */
    private final class LiveDocument {
        final String docId;
        final Actor actor;
        HubDocument doc;                              // loaded by the actor on first use
        final List<Outgoing> outbox = new ArrayList<>();
        final Set<String> pushPending = new HashSet<>();
        /**
         * Exchanges received from each client and not yet handled by the owner (counted by the receiving thread,
         * uncounted by the owner). A client that has one in flight ignores pushes until its reply, and the reply
         * carries every edit of mine it lacks: a push to it meanwhile is work on both sides for nothing. Under load,
         * when the owner's queue is long, nearly every writer has an exchange waiting in it (decision 0020).
         */
        final Map<String, Integer> queuedSyncs = new ConcurrentHashMap<>();
        /** Clients whose push was left to the reply to their queued exchange (touched only by the owner). */
        final Set<String> leftToReply = new HashSet<>();
        final Map<String, Long> lastPushAt = new HashMap<>();
        /** The document's connected clients, as counted at {@link #clientsCountedAt} (touched only by the owner). */
        private int connectedClients;
        private long clientsCountedAt = Long.MIN_VALUE / 2;
        /** How long the owner's latest exchange had waited in its queue, and when it was handled (see documentsBehind). */
        volatile long lastExchangeWaitMillis;
        /** A checkpoint of this document was handed to the checkpointer and is not done (touched only by the owner). */
        boolean checkpointing;
        /** When a postponed checkpoint was last logged (touched only by the owner). */
        long postponedLoggedAt = Long.MIN_VALUE / 2;
        volatile long lastExchangeAtMillis;

        LiveDocument(String docId) {
            this.docId = docId;
            this.actor = new Actor(executor, this::afterBatch);
        }

        HubDocument doc() {
            if (doc == null) {
                try {
                    doc = HubDocument.open(docId, store.load(docId), store.journal(docId), options.limits(),
                            timer::nowMillis, () -> UUID.randomUUID().toString());
                } catch (StoreException e) {
                    throw new IllegalStateException("could not load " + docId + ": " + e.getMessage(), e);
                }
            }
            return doc;
        }

        void afterBatch() {
            if (outbox.isEmpty()) return;
            List<Outgoing> batch = List.copyOf(outbox);
            outbox.clear();
            for (Outgoing o : batch) unsent.computeIfAbsent(o.clientId, k -> new AtomicInteger()).incrementAndGet();
            committer.submit(() -> committing.addAll(batch));
            if (!checkpointing && options.checkpointDue(store.journalLength(docId), doc.viewCount(), doc.length())) {
                // A snapshot's strings exist all at once (two bytes a char), with the blob encoded from them, and
                // while they are made the owner's writes copy the chunks the freeze shared (up to as much again): one
                // that would take more than a quarter of the heap's room waits. (At half, a checkpoint of 200 views of
                // 538,000 chars filled a 512 MB heap to 94%, and the relay shed connections.) The journal keeps
                // everything meanwhile; only a restart's replay is longer.
                long needed = 4 * doc.snapshotChars();
                long room = heapRoom.getAsLong();
                if (needed > room / 4) {
                    if (timer.nowMillis() - postponedLoggedAt >= 60_000) {
                        postponedLoggedAt = timer.nowMillis();
                        LOG.warn("checkpoint of {} postponed: its snapshot would take about {} MB, and the heap has"
                                + " {} MB of room", docId, needed >> 20, room >> 20);
                    }
                    metrics.checkpointsPostponed.increment();
                    return;
                }
                checkpoint();
            }
        }

        /**
         * Freezes the document's state here, on the owner (O(views + chunks)), and leaves the snapshot's strings,
         * encoding and write to the checkpointer, as of the journal's position now: the entries the owner journals
         * meanwhile stay, to be replayed over it. One at a time per document.
         */
        private void checkpoint() {
            long t0 = System.nanoTime();
            long asOf = store.journal(docId).position();
            HubDocument.Frozen frozen = doc.freeze();
            long frozenNanos = System.nanoTime() - t0;
            int views = doc.viewCount();
            int length = doc.length();
            checkpointing = true;
            checkpointer.submit(() -> {
                long t1 = System.nanoTime();
                try {
                    store.checkpoint(frozen.snapshot(), asOf);
                    metrics.checkpoints.increment();
                    LOG.info("checkpoint of {}: {} views of {} chars in {} ms ({} ms on its owner)", docId, views,
                            length, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1),
                            TimeUnit.NANOSECONDS.toMillis(frozenNanos));
                } catch (StoreException | RuntimeException e) {
                    LOG.warn("checkpoint of {} failed: {}", docId, e.getMessage());
                } finally {
                    actor.submit(() -> checkpointing = false);
                }
            });
        }

        /** {@link Options#pushIntervalMillis} for this document's connected clients, counted at most once a second. */
        private long pushInterval() {
            long now = timer.nowMillis();
            if (now - clientsCountedAt >= 1_000) {
                int n = 0;
                for (String c : doc().clients()) if (channels.containsKey(c)) n++;
                connectedClients = n;
                clientsCountedAt = now;
            }
            return options.pushIntervalMillis(connectedClients);
        }

        /**
         * Pushes to a client at most once per {@link #pushInterval()}: the first change after a quiet spell
         * goes out with this batch (leading edge), later ones wait for the rest of the interval and go together.
         */
        void schedulePush(String clientId) {
            if (!channels.containsKey(clientId) || !pushPending.add(clientId)) return;
            long since = timer.nowMillis() - lastPushAt.getOrDefault(clientId, Long.MIN_VALUE / 2);
            long wait = pushInterval() - since;
            if (wait <= 0) pushDue(clientId);
            else timer.schedule(wait, () -> actor.submit(() -> pushDue(clientId)));
        }

        /**
         * A pending push's time has come: it goes, unless the reply to an exchange in the queue will carry it, or the
         * client's earlier messages still wait to leave ({@link ClientChannel#backedUp}); then it stays pending and
         * is looked at again an interval later.
         */
        private void pushDue(String clientId) {
            if (queuedSyncs.containsKey(clientId)) {
                pushPending.remove(clientId);
                leftToReply.add(clientId);
                return;
            }
            ClientChannel ch = channels.get(clientId);
            AtomicInteger waiting = unsent.get(clientId);
            if (ch != null && (ch.backedUp() || (waiting != null && waiting.get() > 0))) {
                timer.schedule(Math.max(1, pushInterval()), () -> actor.submit(() -> pushDue(clientId)));
                return;
            }
            pushPending.remove(clientId);
            lastPushAt.put(clientId, timer.nowMillis());
            doc().push(clientId).ifPresent(m -> outbox.add(new Outgoing(clientId, m)));
        }
    }

    private record Outgoing(String clientId, Message message) {}

    /** A client is connected and can be sent to. */
    public void attach(String clientId, ClientChannel channel) {
        channels.put(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(channel, "channel"));
    }

    /** A client's connection is gone; its views stay (it resumes by the protocol when it returns). */
    public void detach(String clientId) {
        channels.remove(clientId);
    }

    /**
     * Tells the owners how many bytes of heap are free, as of the last garbage collection: a checkpoint whose snapshot
     * would take more than a quarter of it waits (decision 0023). Without it, checkpoints never wait.
     */
    public void checkpointsWithin(LongSupplier heapRoomBytes) {
        this.heapRoom = Objects.requireNonNull(heapRoomBytes, "heapRoomBytes");
    }

    /**
     * How long the latest exchange each document's owner handled had waited in its queue, for documents whose owner
     * handled one within the last two seconds. A relay caps the connections of a document it is behind on (decision
     * 0023).
     */
    public Map<String, Long> exchangeWaits() {
        long now = timer.nowMillis();
        Map<String, Long> out = new HashMap<>();
        for (LiveDocument d : live.values()) {
            if (now - d.lastExchangeAtMillis <= 2_000) out.put(d.docId, d.lastExchangeWaitMillis);
        }
        return out;
    }

    /**
     * Lets go of what the views of detached clients hold ({@link HubDocument#evict}), on each document's owner; a client
     * attached again by then keeps its view. For a relay short of memory, after it closed connections (decision 0023).
     */
    public void evictDetached() {
        for (LiveDocument d : live.values()) {
            d.actor.submit(() -> {
                for (String clientId : d.doc().clients()) {
                    if (channels.containsKey(clientId)) continue;
                    d.pushPending.remove(clientId);
                    d.leftToReply.remove(clientId);
                    if (d.doc().evict(clientId)) metrics.viewsEvicted.increment();
                }
            });
        }
    }

    /** A message from a client, for the document it names. */
    public void receive(String clientId, Message m) {
        metrics.messagesIn.increment();
        LiveDocument d = live.computeIfAbsent(m.docId(), LiveDocument::new);
        boolean exchange = m instanceof Message.Sync;
        if (exchange) d.queuedSyncs.merge(clientId, 1, Integer::sum);
        long queuedAt = timer.nowMillis();
        d.actor.submit(() -> {
            if (exchange) {
                d.queuedSyncs.computeIfPresent(clientId, (k, n) -> n == 1 ? null : n - 1);
                long now = timer.nowMillis();
                d.lastExchangeWaitMillis = now - queuedAt;
                d.lastExchangeAtMillis = now;
                if (!channels.containsKey(clientId)) {
                    // Gone while its exchange waited: no reply could reach it, and nothing it sent was acknowledged,
                    // so it keeps its edits and sends them again when it is back. A busy owner sheds that work.
                    d.leftToReply.remove(clientId);
                    metrics.exchangesOfGoneClients.increment();
                    return;
                }
            }
            long t0 = System.nanoTime();
            HubDocument.Step step = d.doc().receive(clientId, m);
            metrics.applyNanos.record(System.nanoTime() - t0);
            if (!step.textSplices().isEmpty()) metrics.editsApplied.increment();
            metrics.hunksRejected.add(step.newConflicts().size());
            for (var c : step.newConflicts()) {
                // Content stays out of the log (it is the users' text); where and why is what an operator needs.
                LOG.info("{}: a hunk of {}'s edit was kept as a conflict ({} chars deleted, {} inserted, aimed at {}): {}",
                        d.docId, clientId, c.deleted().length(), c.inserted().length(), c.aimedAt(),
                        c.reason().replaceAll("\"[^\"]*\"", "\"…\""));
            }
            step.reply().ifPresent(r -> d.outbox.add(new Outgoing(clientId, r)));
            for (String other : step.changed()) d.schedulePush(other);
            // The reply carried what a push left to it would have; a push is looked at again in case it did not (an
            // old exchange, or a retransmission, is answered without my newest edits).
            if (exchange && !d.queuedSyncs.containsKey(clientId) && d.leftToReply.remove(clientId)) d.schedulePush(clientId);
        });
    }

    /** Runs {@code f} on a document's owner (for tools and tests): the text, the clients, the conflicts. */
    public <T> CompletableFuture<T> inspect(String docId, Function<HubDocument, T> f) {
        LiveDocument d = live.computeIfAbsent(docId, LiveDocument::new);
        CompletableFuture<T> result = new CompletableFuture<>();
        d.actor.submit(() -> {
            try {
                result.complete(f.apply(d.doc()));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * How long {@link #close()} waits for the owners. The relay's service unit gives a stop 30 s before SIGKILL; what
     * an owner had not committed by then is not lost, since nothing uncommitted was ever acknowledged.
     */
    static final long CLOSE_WAIT_MILLIS = 20_000;

    /**
     * Waits until each actor has finished what was submitted to it before, its after-batch work included: a task
     * submitted once runs inside a batch, before that batch's after-batch work; one submitted after it ran comes in a
     * later batch, which starts only when the earlier one has ended. False if that did not happen before
     * {@code deadlineNanos} ({@link System#nanoTime()}): an owner stuck in a task must not keep a stopping process alive.
     */
    static boolean drain(List<Actor> actors, long deadlineNanos) {
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (Actor a : actors) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                a.submit(() -> f.complete(null));
                done.add(f);
            }
            try {
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                        .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot happen: the marker tasks only complete", e);
            }
        }
        return true;
    }

    /** Documents loaded since start. */
    public int liveDocuments() {
        return live.size();
    }

    public int connectedClients() {
        return channels.size();
    }

    /** Lets every document's owner finish its batch and commits. The store stays open (its owner closes it). */
    @Override
    public void close() {
        List<Actor> owners = new ArrayList<>();
        for (LiveDocument d : live.values()) owners.add(d.actor);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        // Every owner's batch done and handed over, then committed and sent.
        if (!drain(owners, deadline) || !drain(List.of(committer, checkpointer), deadline)) {
            LOG.error("document owners still busy after {} ms; closing without them (what they had not committed was"
                    + " never acknowledged, so clients send it again)", CLOSE_WAIT_MILLIS);
        }
        try {
            store.commit();
        } catch (StoreException e) {
            LOG.error("final commit failed: {}", e.getMessage());
        }
    }
}
