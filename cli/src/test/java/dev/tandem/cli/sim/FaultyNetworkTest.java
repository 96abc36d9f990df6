package dev.tandem.cli.sim;

import dev.tandem.engine.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultyNetworkTest {

    private final Scheduler scheduler = new Scheduler();
    private final List<String> atHub = new ArrayList<>();
    private final List<String> atClient = new ArrayList<>();

    private FaultyNetwork<Message> network(double drop, double dup, double reorder) {
        FaultyNetwork<Message> n = FaultyNetwork.ofEngineMessages(scheduler, new Random(7), new FaultyNetwork.Faults(drop, dup, reorder));
        n.register(FaultyNetwork.HUB, (from, m) -> atHub.add(((Message.ResetRequest) m).reason()));
        n.register("c0", (from, m) -> atClient.add(((Message.ResetRequest) m).reason()));
        return n;
    }

    private static Message msg(int i) { return new Message.ResetRequest("d", 1, "m" + i); }

    private void runAll() { while (scheduler.runNext()) { } }

    @Test
    void without_faults_every_message_arrives_once_in_its_wire_form() {
        FaultyNetwork<Message> n = network(0, 0, 0);
        for (int i = 0; i < 100; i++) n.send("c0", FaultyNetwork.HUB, msg(i));
        n.send(FaultyNetwork.HUB, "c0", msg(-1));
        runAll();
        assertEquals(100, atHub.size());
        assertEquals(100, atHub.stream().distinct().count());
        assertEquals(List.of("m-1"), atClient);
        assertEquals(0, n.inFlight());
        assertTrue(n.stats().wireBytes() > 0);
    }

    @Test
    void a_drop_probability_of_one_loses_everything() {
        FaultyNetwork<Message> n = network(1, 0, 0);
        for (int i = 0; i < 50; i++) n.send("c0", FaultyNetwork.HUB, msg(i));
        runAll();
        assertTrue(atHub.isEmpty());
        assertEquals(50, n.stats().dropped());
    }

    @Test
    void a_dup_probability_of_one_delivers_everything_twice() {
        FaultyNetwork<Message> n = network(0, 1, 0);
        for (int i = 0; i < 50; i++) n.send("c0", FaultyNetwork.HUB, msg(i));
        runAll();
        assertEquals(100, atHub.size());
        assertEquals(50, atHub.stream().distinct().count());
    }

    @Test
    void a_drop_probability_of_a_fifth_loses_about_a_fifth() {
        FaultyNetwork<Message> n = network(0.2, 0, 0);
        for (int i = 0; i < 2_000; i++) n.send("c0", FaultyNetwork.HUB, msg(i));
        runAll();
        assertTrue(atHub.size() > 1_500 && atHub.size() < 1_700, "delivered " + atHub.size());
    }

    @Test
    void reordered_messages_are_overtaken_by_later_ones() {
        FaultyNetwork<Message> n = network(0, 0, 1);
        for (int i = 0; i < 20; i++) {
            n.send("c0", FaultyNetwork.HUB, msg(i));
            final int next = i + 1;
            scheduler.after(0, () -> { });
            if (next < 20) runOne();
        }
        runAll();
        assertEquals(20, atHub.size());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) sent.add("m" + i);
        assertNotEquals(sent, atHub);
    }

    private void runOne() { scheduler.runNext(); }

    @Test
    void a_cut_link_loses_what_is_in_flight_and_what_is_sent_until_it_is_restored() {
        FaultyNetwork<Message> n = network(0, 0, 0);
        n.send("c0", FaultyNetwork.HUB, msg(1));       // in flight when cut
        n.cut("c0");
        n.send(FaultyNetwork.HUB, "c0", msg(2));       // sent while cut
        runAll();
        assertTrue(atHub.isEmpty() && atClient.isEmpty());
        n.restore("c0");
        n.send("c0", FaultyNetwork.HUB, msg(3));
        runAll();
        assertEquals(List.of("m3"), atHub);
    }

    @Test
    void a_reconnect_after_a_restart_loses_what_the_old_connection_carried() {
        FaultyNetwork<Message> n = network(0, 0, 0);
        n.send(FaultyNetwork.HUB, "c0", msg(1));
        n.reconnect("c0");
        n.send(FaultyNetwork.HUB, "c0", msg(2));
        runAll();
        assertEquals(List.of("m2"), atClient);
    }

    @Test
    void the_scheduler_runs_events_in_time_order_and_same_time_events_in_scheduling_order() {
        List<String> order = new ArrayList<>();
        scheduler.after(5, () -> order.add("b"));
        scheduler.after(1, () -> order.add("a"));
        scheduler.after(5, () -> order.add("c"));
        runAll();
        assertEquals(List.of("a", "b", "c"), order);
        assertEquals(5, scheduler.now());
    }

    @Test
    void a_latency_sets_when_messages_arrive_and_any_message_type_travels_in_its_wire_form() {
        FaultyNetwork.Wire<String> utf8 = new FaultyNetwork.Wire<>() {
            @Override
            public byte[] encode(String m) { return m.getBytes(java.nio.charset.StandardCharsets.UTF_8); }

            @Override
            public String decode(byte[] wire) { return new String(wire, java.nio.charset.StandardCharsets.UTF_8); }
        };
        FaultyNetwork<String> n = new FaultyNetwork<>(scheduler, new Random(7), FaultyNetwork.Faults.NONE,
                new FaultyNetwork.Latency(300, 300, 1), utf8);
        List<String> arrived = new ArrayList<>();
        n.register(FaultyNetwork.HUB, (from, m) -> arrived.add(scheduler.now() + ":" + from + ":" + m));
        n.register("c0", (from, m) -> { });
        n.send("c0", FaultyNetwork.HUB, "héllo");
        runAll();
        assertEquals(List.of("300:c0:héllo"), arrived);
        assertEquals(6, n.stats().wireBytes());
    }
}
