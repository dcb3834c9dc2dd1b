package io.vaultfleet.agent.service;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

import io.vaultfleet.agent.channel.ChannelState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a running agent last knew about itself, written to {@link io.vaultfleet.agent.host.AgentHome#statusFile()} on every change so that
 * {@code fleet-agent status} (another process) can report it.
 */
public record AgentStatus(long pid, String consoleEndpoint, ChannelState channel, String detail, String serverId,
                          Instant since, Instant updatedAt) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public void writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(this));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static Optional<AgentStatus> readFrom(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readString(file), AgentStatus.class));
        } catch (JacksonException e) {
            throw new IOException("status file " + file + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether the process that wrote this status is still alive. */
    public boolean processAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
