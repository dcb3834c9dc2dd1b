package io.vaultfleet.agent.service;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vaultfleet.agent.channel.ChannelListener;
import io.vaultfleet.agent.channel.ChannelSettings;
import io.vaultfleet.agent.channel.ChannelState;
import io.vaultfleet.agent.channel.ConsoleChannel;
import io.vaultfleet.agent.enrollment.ConsoleConnection;
import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.host.AgentVersion;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.jobs.BackupJobs;
import io.vaultfleet.agent.jobs.ChildProcesses;
import io.vaultfleet.agent.jobs.StartupCache;
import io.vaultfleet.agent.net.ProxySettings;
import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.agent.platform.ProcessCommandRunner;
import io.vaultfleet.agent.platform.SecretProtection;
import io.vaultfleet.agent.recovery.Downloads;
import io.vaultfleet.agent.recovery.OwnBackups;
import io.vaultfleet.agent.recovery.Recoveries;
import io.vaultfleet.agent.recovery.RecoverySessions;
import io.vaultfleet.agent.recovery.RestoreJobs;
import io.vaultfleet.agent.recovery.SystemStateJobStep;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import io.vaultfleet.agent.schedule.LocalScheduler;
import io.vaultfleet.agent.schedule.PolicyStore;
import io.vaultfleet.agent.schedule.ScheduleClocks;
import io.vaultfleet.agent.upgrade.UpgradeKeyPin;
import io.vaultfleet.agent.upgrade.Upgrader;
import io.vaultfleet.protocol.BackupNow;
import io.vaultfleet.protocol.BrowseFolder;
import io.vaultfleet.protocol.CancelJob;
import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.Delivered;
import io.vaultfleet.protocol.DownloadStart;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.JobFinished;
import io.vaultfleet.protocol.JobOutcome;
import io.vaultfleet.protocol.JobProgress;
import io.vaultfleet.protocol.PolicyAssigned;
import io.vaultfleet.protocol.PolicyState;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.RecoveryClose;
import io.vaultfleet.protocol.RecoveryKeyRequest;
import io.vaultfleet.protocol.RecoveryOpen;
import io.vaultfleet.protocol.RestoreStart;
import io.vaultfleet.protocol.UpgradeAvailable;
import io.vaultfleet.protocol.UpgradeResult;
import io.vaultfleet.protocol.Welcome;
import io.vaultfleet.protocol.identity.AgentKeys;

/**
 * The long-running agent service ({@code fleet-agent run}): the console channel, the local scheduler, the backup jobs
 * and the upgrader, wired together; console messages are routed to them. {@link #run()} blocks until the service is
 * stopped (JVM shutdown) or gives way to an upgrade, and returns the process's exit code.
 */
public final class AgentService {
    /** {@code -Dvaultfleet.startup-cache=off}: backups start without the JVM cache, none is trained (tests). */
    public static final String STARTUP_CACHE_PROPERTY = "vaultfleet.startup-cache";
    /** {@code off}: no warm standby backup process is kept (jobs/Standby); {@code .delay}: when the first starts. */
    public static final String STANDBY_PROPERTY = "vaultfleet.standby";

    private static final Logger log = LoggerFactory.getLogger(AgentService.class);

    private final AgentHome agentHome;
    private final Optional<AgentIdentity> identity;
    private final URI endpoint;
    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(0);
    private final Outbox outbox;
    private final Optional<Upgrader> upgrader;
    private final ExecutorService upgrades;
    private final List<String> agentCommand;
    private final BackupJobs jobs;
    private final PolicyStore policies;
    private final LocalScheduler scheduler;
    private final ConsoleChannel channel;
    private final Recoveries recoveries;

    /**
     * @param identity       the agent's registration; empty: development mode (no storage, no upgrades)
     * @param endpoint       the console's WebSocket endpoint
     * @param limitUploadKiB upload limit of every backup this service runs, KiB/s; 0: none (the policy's throttling)
     */
    public AgentService(AgentHome agentHome, Optional<AgentIdentity> identity, URI endpoint, HostInfo host,
                        long limitUploadKiB) throws IOException {
        if (limitUploadKiB < 0) {
            throw new IllegalArgumentException("--limit-upload must be 0 (no limit) or a rate in KiB/s, not " + limitUploadKiB);
        }
        this.agentHome = agentHome;
        this.identity = identity;
        this.endpoint = endpoint;
        this.outbox = Outbox.in(agentHome.root());
        this.upgrader = identity.flatMap(id -> Upgrader.runningJar().map(jar -> new Upgrader(jar, agentHome.root(), id,
                AgentVersion.current(), ConsoleConnection.of(id, agentHome.root()).httpClient(), outbox, clock)));
        this.upgrades = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-upgrade");
            t.setDaemon(true);
            return t;
        });
        ProxySettings proxy = ProxySettings.load(agentHome.root(), CurrentPlatform.secretProtection()).orElse(null);
        ChannelSettings settings = ChannelSettings.defaults(endpoint)
                .pinnedTo(identity.map(AgentIdentity::consoleCertificateSha256).orElse(""))
                .via(proxy);
        this.agentCommand = ChildProcesses.thisAgent();
        this.jobs = new BackupJobs(agentCommand, agentHome.root(), outbox, this::sendProgress,
                limitUploadKiB > 0 ? List.of("--limit-upload", Long.toString(limitUploadKiB)) : List.of());
        this.policies = new PolicyStore(agentHome.root());
        this.scheduler = new LocalScheduler(agentHome.root(), policies, ScheduleClocks.forSchedules(),
                (policy, item, at) -> {
                    if (identity.isEmpty()) {
                        log.warn("scheduled backup of {} skipped: this agent is not registered", item);
                    } else {
                        jobs.startScheduled(policy, item, at);
                    }
                });
        StatusWriter status = new StatusWriter(agentHome.statusFile().toAbsolutePath(), endpoint.toString(), clock);
        this.channel = new ConsoleChannel(settings,
                () -> new Hello(AgentVersion.current(), host.hostName(), host.osName(), host.osVersion(),
                        ProtocolCodec.PROTOCOL_VERSION),
                () -> identity.map(id -> id.connectHeaders(clock.instant())).orElse(Map.of()),
                new Listener(status), clock).deliveringFrom(outbox);
        this.recoveries = recoveries(identity, agentHome, outbox, channel, clock);
    }

    /** Recover Data: sessions signed with the identity key, restore jobs in this process, downloads to the console. */
    private static Recoveries recoveries(Optional<AgentIdentity> identity, AgentHome agentHome, Outbox outbox,
                                         ConsoleChannel channel, Clock clock) {
        SecretProtection secrets = CurrentPlatform.secretProtection();
        RecoverySessions.StoreOpener stores = OwnBackups.stores(agentHome.root(), secrets);
        RecoverySessions sessions = new RecoverySessions(statement -> AgentKeys.sign(AgentKeys.decodePrivate(
                identity.orElseThrow(() -> new IllegalStateException("this agent is not registered: it has no "
                        + "identity key to sign a recovery key with")).privateKey()), statement),
                OwnBackups.of(identity, agentHome.root(), secrets, stores), stores, clock);
        RestoreJobs restores = new RestoreJobs(sessions, outbox, channel::send,
                new SystemStateJobStep(new ProcessCommandRunner(), SystemStateJobStep.onWindows()));
        Downloads downloads = identity.map(id -> new Downloads(ConsoleConnection.of(id, agentHome.root()).httpClient(),
                URI.create(id.consoleUrl()), () -> id.connectHeaders(clock.instant()), channel::send)).orElse(null);
        return new Recoveries(sessions, restores, downloads, channel::send);
    }

    /** Starts every part, waits until the service is stopped, stops them; the exit code (see {@link Upgrader}). */
    public int run() throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            channel.close();
            stopped.countDown();
        }, "agent-shutdown"));
        log.info("fleet-agent {} starting; console {}; {}; state in {}", AgentVersion.current(), endpoint,
                identity.map(id -> "registered as server " + id.serverId()).orElse("not registered (development mode)"),
                agentHome.root());
        keepBackupProcessesWarm();
        CurrentPlatform.cleanUpAfterCrash(agentHome);
        if (upgrader.isPresent() && upgrader.get().onStart()) {
            watchTrialVersion(upgrader.get());
        }
        jobs.reconcileInterrupted();
        channel.start();
        scheduler.start();
        stopped.await();
        scheduler.close();
        upgrades.shutdownNow();
        recoveries.close();
        jobs.close();
        return exitCode.get();
    }

    /** The JVM startup cache, trained a minute after start, and the warm standby backup process (decision 017). */
    private void keepBackupProcessesWarm() {
        boolean standby = !"off".equals(System.getProperty(STANDBY_PROPERTY));
        Duration startupCacheDelay = Duration.parse(System.getProperty(STARTUP_CACHE_PROPERTY + ".delay", "PT1M"));
        Duration standbyDelay = Duration.parse(System.getProperty(STANDBY_PROPERTY + ".delay", "PT1M"));
        StartupCache startupCache = "off".equals(System.getProperty(STARTUP_CACHE_PROPERTY)) ? null
                : new StartupCache(agentCommand, agentHome.root());
        if (startupCache != null && startupCache.supported()) {
            // trained a minute after start, once per agent version and Java runtime: backups start faster with it;
            // the standby process starts once it is trained, so it uses it
            jobs.useStartupCache(startupCache);
            startupCache.trainLater(startupCacheDelay, () -> {
                if (standby) {
                    jobs.keepStandby(Duration.ZERO);
                }
            });
        } else if (standby) {
            jobs.keepStandby(standbyDelay);
        }
    }

    /** A new version on trial that the console does not welcome in time gives way to the previous one. */
    private void watchTrialVersion(Upgrader trial) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Upgrader.CONFIRM_WITHIN.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (trial.awaitingConfirmation()) {
                log.error("this upgraded version was not welcomed by the console within {} min: rolling back",
                        Upgrader.CONFIRM_WITHIN.toMinutes());
                stop(Upgrader.ROLL_BACK);
            }
        }, "upgrade-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** A running job's progress goes to the console as it comes (ConsoleChannel.send), not through the outbox. */
    private void sendProgress(JobProgress progress) {
        channel.send(progress);
    }

    /** Stops the service as a JVM shutdown does: {@link #run()} returns 0. */
    public void stop() {
        stop(0);
    }

    private void stop(int code) {
        exitCode.set(code);
        channel.close();
        stopped.countDown();
    }

    /** The console's messages, routed to the service's parts. */
    private final class Listener implements ChannelListener {
        private final StatusWriter status;

        Listener(StatusWriter status) {
            this.status = status;
        }

        @Override
        public void welcomed(Welcome welcome) {
            // the upgrade key arrives endorsed by the credentials key this agent trusts; the first one is pinned
            identity.ifPresent(id -> {
                try {
                    new UpgradeKeyPin(agentHome.root(), id)
                            .accept(welcome.agentUpgradeKey(), welcome.agentUpgradeKeyEndorsement());
                } catch (IOException | RuntimeException e) {
                    log.warn("could not keep the console's upgrade key: {}", e.getMessage());
                }
            });
        }

        @Override
        public void stateChanged(ChannelState state, String detail) {
            status.stateChanged(state, detail);
            if (state == ChannelState.CONNECTED) {
                PolicyStore.Loaded loaded = policies.load();
                channel.send(new PolicyState(loaded.hash(), loaded.problem()));
            }
            if (state == ChannelState.CONNECTED && upgrader.isPresent()) {
                try {
                    upgrader.get().onConnected();
                } catch (IOException e) {
                    log.warn("could not confirm the upgrade: {}", e.getMessage());
                }
            }
        }

        /** Exhaustive over the sealed {@link ConsoleMessage}: a new message type does not compile until routed here. */
        @Override
        public void received(Inbound frame, ConsoleMessage message) {
            switch (message) {
                case UpgradeAvailable offer -> upgrades.execute(() -> offered(offer));
                case PolicyAssigned assigned -> apply(assigned);
                case BackupNow request -> backUpNow(request);
                case CancelJob cancel -> {
                    if (!recoveries.cancel(cancel.jobId(), cancel.by())) {
                        jobs.cancel(cancel.jobId(), cancel.by());
                    }
                }
                // Recover Data: each answered off this thread
                case RecoveryKeyRequest request -> recoveries.keyRequested(request);
                case RecoveryOpen open -> recoveries.open(open);
                case BrowseFolder browse -> recoveries.browse(browse);
                case RestoreStart restore -> recoveries.restore(restore);
                case RecoveryClose close -> recoveries.close(close);
                case DownloadStart download -> recoveries.download(download);
                // the channel's own messages: ConsoleChannel handles them (welcomed() above, heartbeats, the outbox's
                // receipts) and never passes them on
                case Welcome welcome -> { }
                case HeartbeatAck ack -> { }
                case Delivered receipt -> { }
            }
        }

        private void backUpNow(BackupNow request) {
            if (identity.isEmpty()) {
                outbox.enqueue(new JobFinished(UUID.randomUUID().toString(), request.jobId(), JobOutcome.FAILED,
                        "this agent is not registered: it has no storage to back up to", null, 0, 0, 0));
            } else {
                jobs.start(request);
            }
        }

        /** The console's policy replaces ours; the hash we then run is reported back either way. */
        private void apply(PolicyAssigned assigned) {
            String problem = "";
            try {
                policies.save(assigned.policy());
                scheduler.policyChanged();
                log.info(assigned.policy() == null ? "the console removed this server's backup policy"
                        : "backup policy '" + assigned.policy().name() + "' stored; next backup at "
                        + scheduler.nextBackup().map(Object::toString).orElse("-"));
            } catch (IOException | RuntimeException e) {
                problem = "could not store the policy: " + e.getMessage();
                log.error(problem);
            }
            PolicyStore.Loaded now = policies.load();
            channel.send(new PolicyState(now.hash(), problem.isEmpty() ? now.problem() : problem));
        }

        private void offered(UpgradeAvailable offer) {
            if (upgrader.isEmpty()) {
                log.warn("the console offers version {}, but this agent cannot upgrade itself ({})", offer.version(),
                        identity.isEmpty() ? "not registered" : "not running from an installed jar");
                outbox.enqueue(new UpgradeResult(UUID.randomUUID().toString(), AgentVersion.current(),
                        offer.version(), UpgradeResult.Outcome.REJECTED, "this agent does not run from an installed jar"));
                return;
            }
            if (upgrader.get().onOffer(offer) == Upgrader.Decision.RESTART) {
                stop(Upgrader.RESTART_FOR_UPGRADE);
            }
        }
    }
}
