package io.vaultfleet.agent.channel;

/** Where the agent's connection to the console stands. */
public enum ChannelState {
    /** Opening the WebSocket or waiting for the console's welcome. */
    CONNECTING,
    /** Welcomed by the console; heartbeats flow. */
    CONNECTED,
    /** The last attempt failed or the connection dropped; waiting before the next attempt. */
    WAITING_TO_RECONNECT,
    /** Stopped on request. */
    STOPPED
}
