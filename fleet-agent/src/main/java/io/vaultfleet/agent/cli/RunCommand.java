package io.vaultfleet.agent.cli;

import io.vaultfleet.agent.channel.ChannelListener;
import io.vaultfleet.agent.upgrade.Upgrader;
import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.UpgradeAvailable;
import io.vaultfleet.protocol.UpgradeResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vaultfleet.agent.identity.AgentIdentity;
import io.vaultfleet.agent.outbox.Outbox;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import io.vaultfleet.agent.host.AgentHome;
import io.vaultfleet.agent.service.AgentStatus;
import io.vaultfleet.agent.host.AgentVersion;
import io.vaultfleet.agent.host.HostInfo;
import io.vaultfleet.agent.channel.ChannelListener;
import io.vaultfleet.agent.channel.ChannelSettings;
import io.vaultfleet.agent.channel.ChannelState;
import io.vaultfleet.agent.channel.ConsoleChannel;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.PolicyAssigned;
import io.vaultfleet.protocol.PolicyState;
import io.vaultfleet.agent.schedule.LocalScheduler;
import io.vaultfleet.agent.schedule.MovableClock;
import io.vaultfleet.agent.schedule.PolicyStore;
import io.vaultfleet.protocol.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.vaultfleet.agent.platform.current.CurrentPlatform;
import io.vaultfleet.agent.net.ProxySettings;

/** {@code fleet-agent run}: the long-running service. Connects to the console and stays connected until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the agent service: connect to the console, keep the connection alive, reconnect when it drops.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--console", paramLabel = "URL",
            description = "Console address, e.g. https://backup.example.com:8443. A registered agent uses the console "
                    + "it registered with; without registration the console must run in development mode.")
    String consoleUrl;

    @Option(names = "--home", paramLabel = "DIR", description = "Agent state folder (default: platform specific)")
    Path home;

    @Option(names = "--limit-upload", paramLabel = "KiB/s",
            description = "Upload bandwidth limit for every backup this service runs (0: none; a server's throttling "
                    + "in its backup policy applies otherwise), as the MARS agent's local throttling setting")
    long limitUploadKiB;

    @Option(names = "--host-name", paramLabel = "NAME", hidden = true,
            description = "Name to report instead of the machine's host name (tests run several agents on one host)")
    String hostName;

    /** {@code -Dvaultfleet.startup-cache=off}: backups start without the JVM cache, none is trained (tests). */
    static final String STARTUP_CACHE_PROPERTY = "vaultfleet.startup-cache";
    /** {@code off}: no warm standby backup process is kept (jobs/Standby); {@code .delay}: when the first starts. */
    static final String STANDBY_PROPERTY = "vaultfleet.standby";

    @Override
    public Integer call() throws Exception {
        AgentHome agentHome = AgentHome.resolve(home);
        Optional<AgentIdentity> identity = AgentIdentity.load(agentHome.root(), CurrentPlatform.secretProtection());
        String url = consoleUrl != null ? consoleUrl : identity.map(AgentIdentity::consoleUrl).orElseThrow(() ->
                new IllegalArgumentException("this agent is not registered (no " + AgentIdentity.FILE + " in "
                        + agentHome.root() + "): run 'fleet-agent register --vault-credentials FILE' first, or give "
                        + "--console URL for a console in development mode"));
        URI endpoint = ChannelSettings.endpointFor(url);
        HostInfo host = hostName == null ? HostInfo.current() : HostInfo.current().withHostName(hostName);
        Clock clock = Clock.systemUTC();
        StatusWriter status = new StatusWriter(agentHome.statusFile().toAbsolutePath(), endpoint.toString(), clock);

        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger exitCode = new java.util.concurrent.atomic.AtomicInteger(0);
        Outbox outbox = Outbox.in(agentHome.root());
        Optional<Upgrader> upgrader = identity.flatMap(id -> Upgrader.runningJar().map(jar -> new Upgrader(jar,
                agentHome.root(), id, AgentVersion.current(), io.vaultfleet.agent.enrollment.ConsoleConnection.of(id, agentHome.root()).httpClient(),
                outbox, clock)));
        java.util.concurrent.ExecutorService upgrades = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-upgrade");
            t.setDaemon(true);
            return t;
        });
        ChannelSettings settings = ChannelSettings.defaults(endpoint)
                .pinnedTo(identity.map(AgentIdentity::consoleCertificateSha256).orElse(""))
                .via(ProxySettings.load(agentHome.root(), CurrentPlatform.secretProtection()).orElse(null));
        ConsoleChannel[] channelRef = new ConsoleChannel[1];
        if (limitUploadKiB < 0) {
            throw new IllegalArgumentException("--limit-upload must be 0 (no limit) or a rate in KiB/s, not " + limitUploadKiB);
        }
        List<String> agentCommand = io.vaultfleet.agent.jobs.BackupJobs.thisAgent();
        io.vaultfleet.agent.jobs.BackupJobs jobs = new io.vaultfleet.agent.jobs.BackupJobs(agentCommand,
                agentHome.root(), outbox, progress -> channelRef[0].send(progress),
                limitUploadKiB > 0 ? List.of("--limit-upload", Long.toString(limitUploadKiB)) : List.of());
        boolean standby = !"off".equals(System.getProperty(STANDBY_PROPERTY));
        java.time.Duration startupCacheDelay = java.time.Duration.parse(System.getProperty(STARTUP_CACHE_PROPERTY + ".delay", "PT1M"));
        java.time.Duration standbyDelay = java.time.Duration.parse(System.getProperty(STANDBY_PROPERTY + ".delay", "PT1M"));
        var startupCache = "off".equals(System.getProperty(STARTUP_CACHE_PROPERTY)) ? null
                : new io.vaultfleet.agent.jobs.StartupCache(agentCommand, agentHome.root());
        if (startupCache != null && startupCache.supported()) {
            // trained a minute after start, once per agent version and Java runtime: backups start faster with it;
            // the standby process starts once it is trained, so it uses it
            jobs.useStartupCache(startupCache);
            startupCache.trainLater(startupCacheDelay, () -> {
                if (standby) {
                    jobs.keepStandby(java.time.Duration.ZERO);
                }
            });
        } else if (standby) {
            jobs.keepStandby(standbyDelay);
        }
        PolicyStore policies = new PolicyStore(agentHome.root());
        LocalScheduler scheduler = new LocalScheduler(agentHome.root(), policies, MovableClock.forSchedules(),
                (policy, item, at) -> {
                    if (identity.isEmpty()) {
                        log.warn("scheduled backup of {} skipped: this agent is not registered", item);
                    } else {
                        jobs.startScheduled(policy, item, at);
                    }
                });
        ChannelListener listener = new ChannelListener() {
            @Override
            public void welcomed(io.vaultfleet.protocol.Welcome welcome) {
                // the upgrade key arrives endorsed by the credentials key this agent trusts; the first one is pinned
                identity.ifPresent(id -> {
                    try {
                        new io.vaultfleet.agent.upgrade.UpgradeKeyPin(agentHome.root(), id)
                                .accept(welcome.agentUpgradeKey(), welcome.agentUpgradeKeyEndorsement());
                    } catch (java.io.IOException | RuntimeException e) {
                        log.warn("could not keep the console's upgrade key: {}", e.getMessage());
                    }
                });
            }

            @Override
            public void stateChanged(ChannelState state, String detail) {
                status.stateChanged(state, detail);
                if (state == ChannelState.CONNECTED) {
                    PolicyStore.Loaded loaded = policies.load();
                    channelRef[0].send(new PolicyState(loaded.hash(), loaded.problem()));
                }
                if (state == ChannelState.CONNECTED && upgrader.isPresent()) {
                    try {
                        upgrader.get().onConnected();
                    } catch (java.io.IOException e) {
                        log.warn("could not confirm the upgrade: {}", e.getMessage());
                    }
                }
            }

            @Override
            public void received(Inbound frame, ConsoleMessage message) {
                if (message instanceof UpgradeAvailable offer) {
                    upgrades.execute(() -> offered(offer));
                } else if (message instanceof PolicyAssigned assigned) {
                    apply(assigned);
                } else if (message instanceof io.vaultfleet.protocol.BackupNow request) {
                    if (identity.isEmpty()) {
                        outbox.enqueue(new io.vaultfleet.protocol.JobFinished(java.util.UUID.randomUUID().toString(),
                                request.jobId(), io.vaultfleet.protocol.JobOutcome.FAILED, "this agent is not registered: it has no storage to back up to",
                                null, 0, 0, 0));
                    } else {
                        jobs.start(request);
                    }
                } else if (message instanceof io.vaultfleet.protocol.CancelJob cancel) {
                    jobs.cancel(cancel.jobId(), cancel.by());
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
                channelRef[0].send(new PolicyState(now.hash(), problem.isEmpty() ? now.problem() : problem));
            }

            private void offered(UpgradeAvailable offer) {
                if (upgrader.isEmpty()) {
                    log.warn("the console offers version {}, but this agent cannot upgrade itself ({})", offer.version(),
                            identity.isEmpty() ? "not registered" : "not running from an installed jar");
                    outbox.enqueue(new UpgradeResult(java.util.UUID.randomUUID().toString(), AgentVersion.current(),
                            offer.version(), UpgradeResult.Outcome.REJECTED, "this agent does not run from an installed jar"));
                    return;
                }
                if (upgrader.get().onOffer(offer) == Upgrader.Decision.RESTART) {
                    exitCode.set(Upgrader.RESTART_FOR_UPGRADE);
                    channelRef[0].close();
                    stopped.countDown();
                }
            }
        };
        ConsoleChannel channel = new ConsoleChannel(settings,
                () -> new Hello(AgentVersion.current(), host.hostName(), host.osName(), host.osVersion(),
                        ProtocolCodec.PROTOCOL_VERSION),
                () -> identity.map(id -> id.connectHeaders(clock.instant())).orElse(Map.of()),
                listener, clock).deliveringFrom(outbox);
        channelRef[0] = channel;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            channel.close();
            stopped.countDown();
        }, "agent-shutdown"));
        log.info("fleet-agent {} starting; console {}; {}; state in {}", AgentVersion.current(), endpoint,
                identity.map(id -> "registered as server " + id.serverId()).orElse("not registered (development mode)"),
                agentHome.root());
        CurrentPlatform.cleanUpAfterCrash(agentHome);
        if (upgrader.isPresent() && upgrader.get().onStart()) {
            // a new version on trial that the console does not welcome in time gives way to the previous one
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(Upgrader.CONFIRM_WITHIN.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (upgrader.get().awaitingConfirmation()) {
                    log.error("this upgraded version was not welcomed by the console within {} min: rolling back",
                            Upgrader.CONFIRM_WITHIN.toMinutes());
                    exitCode.set(Upgrader.ROLL_BACK);
                    channel.close();
                    stopped.countDown();
                }
            }, "upgrade-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        jobs.reconcileInterrupted();
        channel.start();
        scheduler.start();
        stopped.await();
        scheduler.close();
        upgrades.shutdownNow();
        jobs.close();
        return exitCode.get();
    }

    /** Keeps the status file in step with the channel. */
    private static final class StatusWriter implements ChannelListener {
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
}
