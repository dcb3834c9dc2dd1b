package io.vaultfleet.agent.channel;

import io.vaultfleet.agent.outbox.Outbox;
import io.vaultfleet.protocol.Delivered;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.vaultfleet.agent.outbox.Refusals;
import io.vaultfleet.protocol.ConsoleMessage;
import io.vaultfleet.protocol.ErrorReply;
import io.vaultfleet.protocol.Heartbeat;
import io.vaultfleet.protocol.HeartbeatAck;
import io.vaultfleet.protocol.Hello;
import io.vaultfleet.protocol.Inbound;
import io.vaultfleet.protocol.Message;
import io.vaultfleet.protocol.ProtocolCodec;
import io.vaultfleet.protocol.ProtocolException;
import io.vaultfleet.protocol.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to the console. It connects, says {@link Hello}, waits for {@link Welcome}, then sends a
 * {@link Heartbeat} every interval the console asked for. When the console goes away (closed socket, error, or no
 * frame for {@code missedAcksToDrop} intervals) it waits with {@link Backoff} and connects again, until
 * {@link #close()}.
 * <p>
 * All state changes run on one scheduler thread, so nothing here needs locks; WebSocket callbacks hop onto it.
 */
public final class ConsoleChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleChannel.class);

    private final ChannelSettings settings;
    private final Supplier<Hello> hello;
    private final ChannelListener listener;
    private final Clock clock;
    private final HttpClient http;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final ScheduledExecutorService loop;
    private final Backoff backoff;

    // Owned by the loop thread.
    private WebSocket socket;
    private long generation;
    private ChannelState state = ChannelState.STOPPED;
    private ScheduledFuture<?> heartbeatTask;
    private ScheduledFuture<?> retryTask;
    private Instant lastFrameAt;
    private Duration heartbeatInterval = Duration.ofSeconds(15);
    private String serverId;
    private boolean upgradeRequired;
    private boolean closed;
    private volatile Thread loopThread;
    private final Supplier<Map<String, String>> upgradeHeaders;
    private Outbox outbox;
    /** Reports sent on the current link and not yet confirmed; cleared on every new link so they are sent again. */
    private final Set<String> awaitingReceipt = new HashSet<>();
    /** Reports the console answered with an error: kept in the outbox and sent again after a growing wait. */
    private final Refusals refusals;

    public ConsoleChannel(ChannelSettings settings, Supplier<Hello> hello, ChannelListener listener, Clock clock) {
        this(settings, hello, Map::of, listener, clock);
    }

    /**
     * @param upgradeHeaders headers for each connection attempt, made afresh every time (an enrolled agent's
     *                       signed connect proof is valid once)
     */
    public ConsoleChannel(ChannelSettings settings, Supplier<Hello> hello,
                          Supplier<Map<String, String>> upgradeHeaders, ChannelListener listener, Clock clock) {
        this.upgradeHeaders = upgradeHeaders;
        this.settings = settings;
        this.hello = hello;
        this.listener = listener;
        this.clock = clock;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout());
        if (settings.sslContext() != null) {
            client.sslContext(settings.sslContext());
        }
        if (settings.proxy() != null) {
            settings.proxy().applyTo(client);
        }
        this.http = client.build();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-channel");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.refusals = new Refusals(settings.backoffBase(), settings.backoffCap());
    }

    /**
     * Delivers the reports queued in {@code outbox}: all of them after each welcome, new ones at every heartbeat,
     * each removed only when the console confirms it. Call before {@link #start()}.
     */
    public ConsoleChannel deliveringFrom(Outbox outbox) {
        this.outbox = outbox;
        return this;
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        loop.execute(this::connect);
    }

    public ChannelState state() {
        return onLoop(() -> state);
    }

    /** Whether the console said this agent is too old to back up (known once welcomed). */
    public boolean upgradeRequired() {
        return onLoop(() -> upgradeRequired);
    }

    /** The console's id for this server, once welcomed. */
    public String serverId() {
        return onLoop(() -> serverId);
    }

    /** Sends a message if connected; returns whether it was handed to the socket. */
    public boolean send(Message message) {
        return onLoop(() -> sendNow(codec.encode(message)));
    }

    @Override
    public void close() {
        try {
            loop.submit(() -> {
                closed = true;
                cancelTimers();
                if (socket != null) {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping");
                    socket = null;
                }
                setState(ChannelState.STOPPED, "stopped");
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("channel close did not finish cleanly", e);
        } finally {
            loop.shutdownNow();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        long myGeneration = ++generation;
        setState(ChannelState.CONNECTING, "connecting to " + settings.endpoint());
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        upgradeHeaders.get().forEach(builder::header);
        builder.buildAsync(settings.endpoint(), new Listener(myGeneration))
                .whenComplete((ws, error) -> loop.execute(() -> {
                    if (myGeneration != generation || closed) {
                        if (ws != null) {
                            ws.abort();
                        }
                        return;
                    }
                    if (error != null) {
                        scheduleReconnect("cannot connect: " + describe(error));
                        return;
                    }
                    socket = ws;
                    lastFrameAt = clock.instant();
                    sendNow(codec.encode(hello.get()));
                }));
    }

    private void onFrame(long myGeneration, String text) {
        if (myGeneration != generation || closed) {
            return;
        }
        lastFrameAt = clock.instant();
        Inbound inbound;
        try {
            inbound = codec.decodeFromConsole(text);
        } catch (ProtocolException e) {
            log.warn("console sent a frame this agent cannot read ({}): {}", e.code(), e.getMessage());
            sendNow(codec.encodeReply(new ErrorReply(e.code(), e.getMessage()), e.frameId()));
            return;
        }
        switch (inbound.message()) {
            case Welcome welcome -> onWelcome(welcome);
            case HeartbeatAck ignored -> { /* lastFrameAt already moved */ }
            case Delivered receipt -> onDelivered(receipt);
            case ErrorReply error -> onErrorReply(inbound.replyTo(), error);
            case ConsoleMessage other -> listener.received(inbound, other);
            default -> log.warn("unexpected message {}", inbound.envelope().type());
        }
    }

    private void onWelcome(Welcome welcome) {
        serverId = welcome.serverId();
        heartbeatInterval = Duration.ofSeconds(welcome.heartbeatSeconds());
        backoff.reset();
        cancelTimers();
        heartbeatTask = loop.scheduleAtFixedRate(this::heartbeat, heartbeatInterval.toMillis(),
                heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
        listener.welcomed(welcome);
        String own = hello.get().agentVersion();
        upgradeRequired = welcome.requiresUpgrade(own);
        if (upgradeRequired) {
            log.warn("this agent ({}) is older than the oldest version the console accepts ({}): backups are refused "
                    + "until it is upgraded to {} (download it from the vault's Prepare infrastructure page)", own,
                    welcome.minimumAgentVersion(), welcome.currentAgentVersion());
        }
        setState(ChannelState.CONNECTED, "connected to console " + welcome.consoleVersion() + " as " + serverId
                + (upgradeRequired ? "; UPGRADE REQUIRED: agent " + own + " is below the minimum "
                        + welcome.minimumAgentVersion() : ""));
        awaitingReceipt.clear();
        refusals.newLink();
        sendOutbox();
    }

    private void onDelivered(Delivered receipt) {
        awaitingReceipt.remove(receipt.deliveryId());
        refusals.delivered(receipt.deliveryId());
        if (outbox != null && outbox.delivered(receipt.deliveryId())) {
            log.info("report {} delivered", receipt.deliveryId());
        }
    }

    /** Sends every queued report not already sent on this link. */
    private void sendOutbox() {
        if (outbox == null || state != ChannelState.CONNECTED) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (Outbox.Pending pending : outbox.pending()) {
                if (refusals.due(pending.deliveryId(), now) && awaitingReceipt.add(pending.deliveryId())
                        && !sendNow(pending.frame())) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("cannot read the outbox: {}", e.getMessage());
        }
    }

    private void onErrorReply(String replyTo, ErrorReply error) {
        if (replyTo != null && awaitingReceipt.remove(replyTo)) {
            // a queued report the console did not take: it stays in the outbox and goes again after a wait, so the
            // console learns the job's real result once it can store it
            Duration wait = refusals.refused(replyTo, clock.instant());
            log.warn("console refused report {} ({} time(s)): {} {}; sending it again in {} s", replyTo,
                    refusals.times(replyTo), error.code(), error.message(), Math.max(1, wait.toSeconds()));
            long myGeneration = generation;
            loop.schedule(() -> {
                if (myGeneration == generation) {
                    sendOutbox();
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            log.warn("console refused a frame: {} {}", error.code(), error.message());
        }
        listener.stateChanged(state, "console error " + error.code() + ": " + error.message());
    }

    private void heartbeat() {
        if (socket == null) {
            return;
        }
        Duration silence = Duration.between(lastFrameAt, clock.instant());
        if (silence.compareTo(heartbeatInterval.multipliedBy(settings.missedAcksToDrop())) > 0) {
            dropConnection("no answer from the console for " + silence.toSeconds() + " s");
            return;
        }
        if (sendNow(codec.encode(new Heartbeat(clock.instant())))) {
            sendOutbox();
        }
    }

    private boolean sendNow(String frame) {
        if (socket == null) {
            return false;
        }
        try {
            socket.sendText(frame, true).get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            dropConnection("send failed: " + describe(e));
            return false;
        }
    }

    private void onClosed(long myGeneration, int code, String reason) {
        if (myGeneration != generation || closed) {
            return;
        }
        socket = null;
        scheduleReconnect("console closed the connection (" + code + (reason.isBlank() ? "" : ": " + reason) + ")");
    }

    private void onError(long myGeneration, Throwable error) {
        if (myGeneration != generation || closed) {
            return;
        }
        socket = null;
        scheduleReconnect("connection failed: " + describe(error));
    }

    private void dropConnection(String why) {
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        generation++;
        scheduleReconnect(why);
    }

    private void scheduleReconnect(String why) {
        if (closed) {
            return;
        }
        cancelTimers();
        Duration wait = backoff.next();
        setState(ChannelState.WAITING_TO_RECONNECT, why + "; retrying in " + wait.toMillis() + " ms");
        retryTask = loop.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimers() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
            heartbeatTask = null;
        }
        if (retryTask != null) {
            retryTask.cancel(false);
            retryTask = null;
        }
    }

    private void setState(ChannelState next, String detail) {
        state = next;
        if (next == ChannelState.WAITING_TO_RECONNECT) {
            log.warn("{}", detail);
        } else {
            log.info("{}", detail);
        }
        listener.stateChanged(next, detail);
    }

    private <T> T onLoop(Callable<T> work) {
        try {
            if (Thread.currentThread() == loopThread) {
                return work.call();
            }
            return loop.submit(work).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("console channel is not responding", e);
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException
                || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketHandshakeException refused) {
            Object body = refused.getResponse().body();
            String reason = body == null ? "" : body.toString().strip();
            return "the console refused the connection (HTTP " + refused.getResponse().statusCode() + ")"
                    + (reason.isEmpty() ? "" : ": " + (reason.length() > 300 ? reason.substring(0, 300) + "…" : reason));
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** WebSocket callbacks; each hops onto the loop thread tagged with the connection it belongs to. */
    private final class Listener implements WebSocket.Listener {
        private final long myGeneration;
        private final StringBuilder buffer = new StringBuilder();

        Listener(long myGeneration) {
            this.myGeneration = myGeneration;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (buffer.length() > ProtocolCodec.DEFAULT_MAX_FRAME_CHARS) {
                buffer.setLength(0);
                loop.execute(() -> dropConnection("console sent an oversized frame"));
                return null;
            }
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                loop.execute(() -> onFrame(myGeneration, text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            loop.execute(() -> onClosed(myGeneration, statusCode, reason));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            loop.execute(() -> ConsoleChannel.this.onError(myGeneration, error));
        }
    }
}
