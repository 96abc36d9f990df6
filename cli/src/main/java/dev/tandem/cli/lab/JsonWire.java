package dev.tandem.cli.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.cli.sim.FaultyNetwork;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The wire form of the lab strategies' own messages: JSON, as the engine's protocol is, so that "bytes sent" compares
 * like with like. Each strategy's messages are records under one sealed interface carrying Jackson's type name.
 */
final class JsonWire<M> implements FaultyNetwork.Wire<M> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Class<M> type;

    JsonWire(Class<M> type) {
        this.type = type;
    }

    @Override
    public byte[] encode(M message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    @Override
    public M decode(byte[] wire) {
        try {
            return MAPPER.readValue(wire, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a " + type.getSimpleName(), e);
        }
    }
}
