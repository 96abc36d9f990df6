package dev.tandem.cli.lab;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * The locking strategy's protocol. A session (one run of one user's app) asks for a key's lock, saves the section it
 * holds (its whole text: a lock holder is the only writer), and releases the lock with its last save. Heartbeats renew
 * leases and fetch the sections others saved; the hub also pushes each accepted save to everybody else.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LockMessage.Acquire.class, name = "acquire"),
        @JsonSubTypes.Type(value = LockMessage.Grant.class, name = "grant"),
        @JsonSubTypes.Type(value = LockMessage.Save.class, name = "save"),
        @JsonSubTypes.Type(value = LockMessage.Saved.class, name = "saved"),
        @JsonSubTypes.Type(value = LockMessage.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = LockMessage.State.class, name = "state"),
        @JsonSubTypes.Type(value = LockMessage.Update.class, name = "update"),
        @JsonSubTypes.Type(value = LockMessage.Release.class, name = "release"),
})
sealed interface LockMessage {

    /** Client: may I have {@code key}? */
    record Acquire(String session, int key) implements LockMessage {}

    /** Hub: the answer; when granted, the section as the hub has it. */
    record Grant(int key, boolean granted, String holder, long version, String text) implements LockMessage {}

    /**
     * Client: my section {@code key} is now {@code text} (saved on top of {@code baseVersion}); with {@code release},
     * this is my last save and the lock can go.
     */
    record Save(String session, int key, long seq, long baseVersion, String text, boolean release) implements LockMessage {}

    /** Hub: save {@code seq} was taken (the section is now at {@code version}) or refused (the lock is someone else's). */
    record Saved(int key, long seq, boolean accepted, long version) implements LockMessage {}

    /** Client heartbeat: I am alive (renew my leases); these are the section versions I have. */
    record Hello(String session, long sentAt, List<Long> versions) implements LockMessage {}

    /** Hub: the keys you hold, and the sections newer than yours that you do not hold. */
    record State(long sentAt, List<Integer> held, List<Update> sections) implements LockMessage {}

    /** Hub: someone saved section {@code key}. */
    record Update(int key, long version, String text) implements LockMessage {}

    /** Client: the hub says I hold {@code key}, but I do not want it (a grant that came after I stopped asking). */
    record Release(String session, int key) implements LockMessage {}
}
