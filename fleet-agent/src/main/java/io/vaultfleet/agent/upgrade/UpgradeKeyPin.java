package io.vaultfleet.agent.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.identity.OwnerOnlyFiles;
import io.vaultfleet.protocol.AgentPackageSignature;

/**
 * The console's upgrade key as this agent trusts it, in {@code <home>/upgrade-signing.pub} (owner-only). Upgrades
 * are signed with a key of their own, not the credentials-signing key, so a leak of the key that signs vault
 * credentials files does not let anyone push code to agents that already pinned the upgrade key.
 * <p>
 * How the agent learns it, for agents registered before the key existed as well as new ones: each {@code welcome}
 * brings the key and its endorsement by the credentials-signing key, which the agent trusts from the vault
 * credentials file it registered with. The first endorsed key is pinned; a different key later is refused with a
 * warning. The pin belongs to the registration: it names the credentials key that endorsed it, and a registration
 * with another credentials key (a console with a new data folder, whose keys all changed) pins afresh.
 */
public final class UpgradeKeyPin {
    static final String FILE = "upgrade-signing.pub";
    private static final Logger log = LoggerFactory.getLogger(UpgradeKeyPin.class);

    /** What {@link #accept} did with a welcome's key. */
    public enum Outcome { PINNED, ALREADY_PINNED, NONE_OFFERED, NOT_ENDORSED, DIFFERENT_KEY_REFUSED }

    private final Path file;
    private final AgentIdentity identity;

    public UpgradeKeyPin(Path home, AgentIdentity identity) {
        this.file = home.resolve(FILE);
        this.identity = identity;
    }

    /** The pinned key, or empty when none was pinned yet. */
    public Optional<PublicKey> pinned() throws IOException {
        return pinnedText().map(AgentPackageSignature::decodeKey);
    }

    /**
     * The pinned key, if it was pinned under this registration: the file also names the credentials-signing key
     * that endorsed it, so registering again with another console (another credentials key) starts a new pin.
     */
    private Optional<String> pinnedText() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] lines = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\n");
        if (lines.length != 2 || !lines[1].strip().equals(identity.consoleSigningKey())) {
            return Optional.empty();
        }
        return Optional.of(lines[0].strip());
    }

    /** Pins {@code key} if the credentials-signing key endorses it and no other key is pinned. */
    public Outcome accept(String key, String endorsement) throws IOException {
        if (key == null) {
            return Outcome.NONE_OFFERED;
        }
        Optional<String> pinned = pinnedText();
        if (pinned.isPresent()) {
            if (pinned.get().equals(key)) {
                return Outcome.ALREADY_PINNED;
            }
            log.warn("the console announces a different upgrade key than the one this agent pinned in {}: upgrades "
                    + "signed with it will be refused", file);
            return Outcome.DIFFERENT_KEY_REFUSED;
        }
        var credentialsKey = identity.consoleKey();
        if (credentialsKey.isEmpty() || !AgentPackageSignature.endorsementValid(credentialsKey.get(), key, endorsement)) {
            log.warn("the console's upgrade key is not endorsed by the credentials-signing key this agent registered "
                    + "with: not trusted, upgrades will be refused");
            return Outcome.NOT_ENDORSED;
        }
        try {
            AgentPackageSignature.decodeKey(key);
        } catch (IllegalArgumentException e) {
            log.warn("the console's upgrade key is not an Ed25519 key: not trusted");
            return Outcome.NOT_ENDORSED;
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        OwnerOnlyFiles.writeNew(tmp, (key + "\n" + identity.consoleSigningKey() + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.info("pinned the console's upgrade key (endorsed by its credentials-signing key) in {}", file);
        return Outcome.PINNED;
    }
}
