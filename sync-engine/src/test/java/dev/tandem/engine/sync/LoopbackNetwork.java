package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A perfect in-order network between clients of one document and its hub, delivering one message at a time, for
 * tests of the protocol rules. (The faulty network lives in the simulator.)
 */
final class LoopbackNetwork {
    private record Envelope(String from, String to, Message message) {}

    final HubDocument hub;
    final Map<String, ClientDocument> clients = new LinkedHashMap<>();
    private final Deque<Envelope> wire = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    final AtomicLong clock = new AtomicLong(1_000);
    long delivered;

    LoopbackNetwork(String docId, String... clientIds) {
        hub = HubDocument.open(docId, Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::get,
                () -> "h" + ids.incrementAndGet());
        for (String id : clientIds) {
            clients.put(id, ClientDocument.open(docId, Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                    clock::incrementAndGet, () -> id + ids.incrementAndGet()));
        }
    }

    ClientDocument client(String id) { return clients.get(id); }

    void sync(String clientId) {
        client(clientId).startExchange(true).ifPresent(m -> wire.add(new Envelope(clientId, "hub", m)));
        drain();
    }

    void syncAll() {
        for (int round = 0; round < 4; round++) for (String id : clients.keySet()) sync(id);
    }

    void drain() {
        while (!wire.isEmpty()) {
            Envelope e = wire.poll();
            delivered++;
            if (e.to().equals("hub")) {
                HubDocument.Step step = hub.receive(e.from(), e.message());
                step.reply().ifPresent(r -> wire.add(new Envelope("hub", e.from(), r)));
                for (String c : step.changed()) hub.push(c).ifPresent(p -> wire.add(new Envelope("hub", c, p)));
            } else {
                ClientDocument.Step step = client(e.to()).receive(e.message());
                step.reply().ifPresent(r -> wire.add(new Envelope(e.to(), "hub", r)));
            }
        }
    }
}
