package dev.tandem.relay;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.util.Map;
import java.util.Set;

/**
 * A Tyrus server container whose engine a Grizzly listener of one's own serves (Tyrus' own server binds only as it
 * chooses; ../shared/TOOLCHAIN.md): add {@code new WebSocketAddOn(container, "")} to the listener. The relay uses it,
 * and so does the transport-floor harness (decision 0021), so that both measure the same server.
 */
public final class GrizzlyTyrusContainer extends TyrusServerContainer {
    private final TyrusWebSocketEngine engine;

    /** {@code incomingBufferSize}: the largest frame, in bytes, the engine takes in. */
    public GrizzlyTyrusContainer(int incomingBufferSize) {
        super((Set<Class<?>>) null);
        engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "");
    }

    @Override
    public void register(ServerEndpointConfig c) throws DeploymentException {
        engine.register(c, "");
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }
}
