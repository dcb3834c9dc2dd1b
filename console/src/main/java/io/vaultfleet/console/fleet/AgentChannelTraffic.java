package io.vaultfleet.console.fleet;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * What flows over this node's agent channel: frames received from and sent to agents, and the connections open now.
 * Monitoring turns these into metrics; the channel only counts.
 */
@Component
public class AgentChannelTraffic {
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AgentSessions sessions;

    AgentChannelTraffic(AgentSessions sessions) {
        this.sessions = sessions;
    }

    void frameReceived() {
        received.incrementAndGet();
    }

    void frameSent() {
        sent.incrementAndGet();
    }

    /** Complete frames received from agents since the console started. */
    public long framesReceived() {
        return received.get();
    }

    /** Frames sent to agents since the console started. */
    public long framesSent() {
        return sent.get();
    }

    /** Agent connections open on this node now (also those still saying hello). */
    public int connectionsHere() {
        return sessions.size();
    }
}
