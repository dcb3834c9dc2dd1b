package io.vaultfleet.agent.schedule;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.policy.AgentPolicy;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy this agent runs, in {@code <home>/policy.json}, written whole (temporary file, flush, rename). Its hash
 * is recomputed from what is read, so a file changed on the server reports another hash and the console notices.
 */
public final class PolicyStore {
    public static final String FILE = "policy.json";

    private final Path file;
    private final JsonMapper json = new ProtocolCodec().mapper();

    public PolicyStore(Path agentHome) {
        this.file = agentHome.resolve(FILE);
    }

    /** What is stored: the policy, none, or why the stored one cannot be used. */
    public record Loaded(Optional<AgentPolicy> policy, String problem) {
        public String hash() {
            return policy.map(AgentPolicy::hash).orElse("");
        }
    }

    public Loaded load() {
        if (!Files.exists(file)) {
            return new Loaded(Optional.empty(), "");
        }
        try {
            return new Loaded(Optional.of(json.readValue(Files.readString(file, StandardCharsets.UTF_8), AgentPolicy.class)), "");
        } catch (IOException | RuntimeException e) {
            return new Loaded(Optional.empty(), "the stored policy " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Stores the policy, or removes it for null. */
    public void save(AgentPolicy policy) throws IOException {
        if (policy == null) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            channel.write(StandardCharsets.UTF_8.encode(json.writeValueAsString(policy)));
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
