package dev.tandem.cli.lab;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.tandem.engine.protocol.RejectedHunk;

import java.util.List;

/** The three-way merge strategy's protocol: the client's whole document up, the merged whole document down. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MergeMessage.Request.class, name = "merge"),
        @JsonSubTypes.Type(value = MergeMessage.Reply.class, name = "merged"),
})
sealed interface MergeMessage {

    /** Client: my whole text, edited from version {@code baseId} of what you sent me. */
    record Request(long seq, long baseId, String text) implements MergeMessage {}

    /**
     * Hub: the merged text of request {@code seq}, as version {@code id}, with the changes of this user it could not
     * merge (repeated in every reply until the user confirms one by naming its version as the next base).
     */
    record Reply(long seq, long id, String text, List<RejectedHunk> rejected) implements MergeMessage {
        public Reply {
            rejected = List.copyOf(rejected);
        }
    }
}
