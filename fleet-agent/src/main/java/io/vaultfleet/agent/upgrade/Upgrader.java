package io.vaultfleet.agent.upgrade;

import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.AgentPackageSignature;
import io.vaultfleet.protocol.AgentVersion;
import io.vaultfleet.protocol.UpgradeAvailable;
import io.vaultfleet.protocol.UpgradeResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's side of a pushed upgrade. Files, next to the installed jar {@code J}:
 * <ul>
 * <li>{@code J.new}: the verified new version, waiting for the launcher to move it into place;</li>
 * <li>{@code J.previous}: the version that ran before, kept by the launcher until the new one confirms;</li>
 * <li>{@code <home>/upgrade/pending.json}: from which version to which, so either version knows after a restart.</li>
 * </ul>
 * Exit codes for the launcher: {@link #RESTART_FOR_UPGRADE} (swap and start again), {@link #ROLL_BACK} (put
 * {@code J.previous} back).
 */
public final class Upgrader {
    public static final int RESTART_FOR_UPGRADE = 75;
    public static final int ROLL_BACK = 76;
    /** How long a new version may take to be welcomed by the console before it gives up and rolls back. */
    public static final Duration CONFIRM_WITHIN = Duration.ofMinutes(3);
    private static final Logger log = LoggerFactory.getLogger(Upgrader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path installedJar;
    private final Path home;
    private final AgentIdentity identity;
    private final String currentVersion;
    private final HttpClient http;
    private final Outbox outbox;
    private final Clock clock;
    private volatile boolean awaitingConfirmation;

    /** What {@link #onOffer} decided. */
    public enum Decision { IGNORED, REJECTED, RESTART }

    record Pending(String from, String to) {
    }

    public Upgrader(Path installedJar, Path home, AgentIdentity identity, String currentVersion, HttpClient http,
                    Outbox outbox, Clock clock) {
        this.installedJar = installedJar;
        this.home = home;
        this.identity = identity;
        this.currentVersion = currentVersion;
        this.http = http;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The jar this JVM runs from, or empty when it does not run from a jar (tests, IDE). */
    public static Optional<Path> runningJar() {
        try {
            Path location = Path.of(Upgrader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? Optional.of(location)
                    : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Path pendingFile() {
        return home.resolve("upgrade").resolve("pending.json");
    }

    private Path sibling(String suffix) {
        return installedJar.resolveSibling(installedJar.getFileName() + suffix);
    }

    /**
     * At start: finish what a previous run began. Returns true when this run is a new version on trial, which must
     * be confirmed by {@link #onConnected()} within {@link #CONFIRM_WITHIN}.
     */
    public boolean onStart() throws IOException {
        if (!Files.exists(pendingFile())) {
            return false;
        }
        Pending pending = JSON.readValue(Files.readString(pendingFile()), Pending.class);
        if (pending.to().equals(currentVersion)) {
            awaitingConfirmation = true;
            log.info("running upgraded version {} on trial: it must connect to the console within {} min",
                    currentVersion, CONFIRM_WITHIN.toMinutes());
            return true;
        }
        // the new version is not running: the launcher put the previous one back (or never swapped)
        report(pending.from(), pending.to(), UpgradeResult.Outcome.ROLLED_BACK, "version " + pending.to()
                + " did not start or did not connect to the console; version " + currentVersion + " was restored");
        Files.deleteIfExists(pendingFile());
        Files.deleteIfExists(sibling(".new"));
        log.warn("upgrade to {} was rolled back; running {}", pending.to(), currentVersion);
        return false;
    }

    /** The console welcomed this run: a version on trial is confirmed and the previous one can go. */
    public void onConnected() throws IOException {
        if (!awaitingConfirmation) {
            return;
        }
        awaitingConfirmation = false;
        Pending pending = JSON.readValue(Files.readString(pendingFile()), Pending.class);
        Files.deleteIfExists(sibling(".previous"));
        Files.deleteIfExists(pendingFile());
        report(pending.from(), pending.to(), UpgradeResult.Outcome.UPGRADED,
                "upgraded from " + pending.from() + " to " + pending.to());
        log.info("upgrade from {} to {} confirmed", pending.from(), pending.to());
    }

    public boolean awaitingConfirmation() {
        return awaitingConfirmation;
    }

    /** Downloads and checks an offered package; on success it is staged and the agent must restart. */
    public Decision onOffer(UpgradeAvailable offer) {
        if (offer.version().equals(currentVersion)) {
            return Decision.IGNORED;
        }
        Path download = sibling(".download");
        try {
            String problem = check(offer, download);
            if (problem != null) {
                Files.deleteIfExists(download);
                report(currentVersion, offer.version(), UpgradeResult.Outcome.REJECTED, problem);
                log.warn("upgrade to {} rejected: {}", offer.version(), problem);
                return Decision.REJECTED;
            }
            Files.createDirectories(pendingFile().getParent());
            Files.writeString(pendingFile(), JSON.writeValueAsString(new Pending(currentVersion, offer.version())));
            Files.move(download, sibling(".new"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("version {} downloaded and verified; restarting to install it", offer.version());
            return Decision.RESTART;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(download);
            } catch (IOException ignored) {
                // best effort
            }
            String problem = "could not download or stage the package: " + e.getMessage();
            report(currentVersion, offer.version(), UpgradeResult.Outcome.REJECTED, problem);
            log.warn("upgrade to {} failed: {}", offer.version(), problem);
            return Decision.REJECTED;
        }
    }

    /** Null when the offer may be downloaded, else why not: signed by the pinned upgrade key, and not a downgrade. */
    String checkOffer(UpgradeAvailable offer) throws IOException {
        var upgradeKey = new UpgradeKeyPin(home, identity).pinned();
        if (upgradeKey.isEmpty()) {
            return "this agent has no upgrade key to check packages with yet (the console's welcome brings it, "
                    + "endorsed by the credentials-signing key; a console from before upgrade keys cannot upgrade it)";
        }
        if (offer.upgradeSignature() == null) {
            return "the offer is not signed with an upgrade key (only with the credentials-signing key, which agents "
                    + "no longer accept for upgrades)";
        }
        if (!AgentPackageSignature.verifyOffer(upgradeKey.get(), offer.version(), offer.sha256(), offer.rollback(),
                offer.upgradeSignature())) {
            return "the offer is not signed by the upgrade key this agent pinned";
        }
        AgentVersion offered;
        try {
            offered = AgentVersion.parse(offer.version());
        } catch (IllegalArgumentException e) {
            return "the offered version " + offer.version() + " is not a version";
        }
        boolean older;
        try {
            older = offered.isBelow(AgentVersion.parse(currentVersion));
        } catch (IllegalArgumentException e) {
            older = false; // this agent's own version is unreadable (a development build): nothing to compare with
        }
        if (older && !offer.rollback()) {
            return "version " + offer.version() + " is older than the running " + currentVersion + ", and the console "
                    + "did not mark the offer an explicit rollback";
        }
        return null;
    }

    /** Null when the package is good, else what is wrong with it. */
    private String check(UpgradeAvailable offer, Path download) throws IOException, InterruptedException {
        String refused = checkOffer(offer);
        if (refused != null) {
            return refused;
        }
        URI url = URI.create(stripSlash(identity.consoleUrl()) + "/agent/package");
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET();
        identity.connectHeaders(clock.instant()).forEach(request::header);
        HttpResponse<Path> response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(download));
        if (response.statusCode() != 200) {
            return "the console answered HTTP " + response.statusCode() + " to the package download";
        }
        long size = Files.size(download);
        if (size != offer.sizeBytes()) {
            return "the package has " + size + " bytes, the offer said " + offer.sizeBytes();
        }
        String sha256 = AgentPackageSignature.sha256(Files.readAllBytes(download));
        if (!sha256.equals(offer.sha256())) {
            return "the package's SHA-256 " + sha256 + " is not the signed " + offer.sha256() + " (corrupted in transit?)";
        }
        String inside = versionInside(download);
        if (inside == null) {
            return "the package is not an agent jar (no agent version inside)";
        }
        if (!inside.equals(offer.version())) {
            return "the package contains version " + inside + ", the offer said " + offer.version();
        }
        return null;
    }

    static String versionInside(Path jar) {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("io/vaultfleet/agent/agent-version.properties")) {
                    Properties p = new Properties();
                    p.load(new InputStreamReader(zip, StandardCharsets.UTF_8));
                    return p.getProperty("version");
                }
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void report(String from, String to, UpgradeResult.Outcome outcome, String detail) {
        outbox.enqueue(new UpgradeResult(UUID.randomUUID().toString(), from, to, outcome, detail));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
