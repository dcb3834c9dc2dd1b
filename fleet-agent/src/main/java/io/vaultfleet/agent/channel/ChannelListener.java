package io.vaultfleet.agent.channel;

import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.Welcome;

/** What the rest of the agent hears from the channel. Called on the channel's thread: return quickly. */
public interface ChannelListener {
    default void stateChanged(ChannelState state, String detail) {
    }

    /** The console welcomed this connection (before the state turns {@link ChannelState#CONNECTED}). */
    default void welcomed(Welcome welcome) {
    }

    /** A message from the console other than the channel's own (welcome, heartbeat acknowledgements). */
    default void received(Inbound frame, ConsoleMessage message) {
    }

    ChannelListener NONE = new ChannelListener() {
    };
}
