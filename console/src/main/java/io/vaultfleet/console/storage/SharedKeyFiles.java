package io.vaultfleet.console.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.platform.DataFolder;
import io.vaultfleet.console.platform.Timestamps;

/**
 * The console's key files, kept in the database too ({@code console_key_file}), so every console node on one
 * PostgreSQL database signs with the same keys (docs/decisions/026). The private keys stay sealed with the
 * {@link MasterKey} there as in the files: a node is given the master key, never a key in the clear.
 * <p>
 * At start, before the {@link MasterKey} reads anything, the database's copy is written over the data folder's (the
 * first node's keys win); once the keys are loaded, a key file the database does not have yet (the first start of a
 * console that kept them only as files, a key just made, a file re-sealed with a new master key) is stored there. A
 * node started with another master key than the one that sealed the shared keys stops with {@link MasterKey}'s error
 * naming both keys.
 */
@Component("sharedKeyFiles")
class SharedKeyFiles {
    /** The key files shared: the sealed private keys and the public halves beside them. */
    static final List<String> FILES = List.of(MasterKey.CREDENTIALS_SIGNING_KEY, "keys/credentials-signing.pub",
            MasterKey.AGENT_UPGRADE_KEY, "keys/agent-upgrade-signing.pub", MasterKey.SECRET_BOX_KEY);
    private static final Logger log = LoggerFactory.getLogger(SharedKeyFiles.class);

    private final JdbcClient jdbc;
    private final DataFolder data;
    private final Clock clock;

    SharedKeyFiles(JdbcClient jdbc, DataFolder data, Clock clock) {
        this.jdbc = jdbc;
        this.data = data;
        this.clock = clock;
        FILES.forEach(this::pull);
    }

    private Optional<byte[]> stored(String name) {
        return jdbc.sql("select content from console_key_file where name = :n").param("n", name)
                .query(String.class).optional().map(Base64.getDecoder()::decode);
    }

    private Optional<byte[]> local(String name) {
        try {
            return Files.exists(data.resolve(name)) ? Optional.of(Files.readAllBytes(data.resolve(name))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + data.resolve(name), e);
        }
    }

    private void pull(String name) {
        Optional<byte[]> shared = stored(name);
        if (shared.isEmpty() || local(name).filter(l -> Arrays.equals(l, shared.get())).isPresent()) {
            return;
        }
        var tmp = data.writeOwnerOnly(name + ".shared.tmp", shared.get());
        try {
            Files.move(tmp, data.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + data.resolve(name), e);
        }
        log.info("took {} from the database (the key every console node uses)", name);
    }

    /** Once the keys are loaded (and made or re-sealed where needed): the database keeps what it does not have. */
    @EventListener(ContextRefreshedEvent.class)
    void push() {
        for (String name : FILES) {
            Optional<byte[]> file = local(name);
            if (file.isEmpty()) {
                continue;
            }
            Optional<byte[]> shared = stored(name);
            String content = Base64.getEncoder().encodeToString(file.get());
            if (shared.isEmpty()) {
                try {
                    jdbc.sql("insert into console_key_file (name, content, updated_at) values (:n, :c, :t)")
                            .param("n", name).param("c", content).param("t", Timestamps.toDb(clock.instant())).update();
                    log.info("stored {} in the database for the other console nodes", name);
                } catch (DuplicateKeyException e) {
                    log.warn("another console node stored {} at the same time; this node keeps its own copy until it "
                            + "restarts: start the first node alone, then the others (docs/deployment.md)", name);
                }
            } else if (!Arrays.equals(shared.get(), file.get()) && MasterKey.isSealed(file.get())
                    && MasterKey.isSealed(shared.get())) {
                // re-sealed here with a new master key (a rotation): the other nodes take it at their next start
                jdbc.sql("update console_key_file set content = :c, updated_at = :t where name = :n")
                        .param("n", name).param("c", content).param("t", Timestamps.toDb(clock.instant())).update();
                log.info("stored {} re-sealed in the database", name);
            }
        }
    }
}
