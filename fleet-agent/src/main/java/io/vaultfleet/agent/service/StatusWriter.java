package io.vaultfleet.agent.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.channel.ChannelListener;
import io.vaultfleet.agent.channel.ChannelState;

/** Keeps the status file ({@link AgentStatus}, read by {@code fleet-agent status}) in step with the channel. */
final class StatusWriter implements ChannelListener {
    private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);

    private final Path file;
    private final String endpoint;
    private final Clock clock;
    private ChannelState last;
    private Instant since;

    StatusWriter(Path file, String endpoint, Clock clock) {
        this.file = file;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public void stateChanged(ChannelState state, String detail) {
        Instant now = clock.instant();
        if (state != last) {
            since = now;
            last = state;
        }
        try {
            new AgentStatus(ProcessHandle.current().pid(), endpoint, state, detail, null, since, now).writeTo(file);
        } catch (IOException e) {
            log.warn("cannot write status file {}: {}", file, e.getMessage());
        }
    }
}
