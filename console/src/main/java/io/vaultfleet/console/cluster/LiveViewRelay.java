package io.vaultfleet.console.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.vaultfleet.console.fleet.FleetService;
import io.vaultfleet.console.fleet.ServerListChanged;
import io.vaultfleet.console.fleet.ServerStatusChanged;
import io.vaultfleet.console.jobs.JobChanged;
import io.vaultfleet.console.jobs.JobService;
import io.vaultfleet.console.jobs.JobStatus;
import io.vaultfleet.console.monitoring.AlertChanged;
import io.vaultfleet.console.monitoring.AlertService;
import io.vaultfleet.console.platform.ClusterSignals;
import io.vaultfleet.console.platform.ConsoleNode;
import io.vaultfleet.console.ui.ConsoleNotice;
import io.vaultfleet.console.ui.NoticeBoard;

/**
 * Live views across console nodes. Each event that drives a view, once its transaction committed here, is sent to the
 * other nodes on one {@code NOTIFY} channel (small JSON, batched up to PostgreSQL's payload limit); a node receiving
 * one from another node hands it to the same view subscriptions its own event would reach. Views re-read what they
 * show from the database, so the event only says what changed. Only the views are told: listeners with side effects
 * (notifications, alert rules) run once, on the node where the event happened.
 * <p>
 * A job's progress is sent at most {@link #PROGRESS_PER_SECOND} times a second per job (the latest wins); a job's
 * other changes (queued, finished, …) go at once. Sending happens on a thread of its own, never in a request or an
 * agent's connection, and never inside the transaction that made the change.
 */
@Component
class LiveViewRelay implements DisposableBean {
    static final String CHANNEL = "vaultfleet_live_view";
    static final int PROGRESS_PER_SECOND = 2;
    private static final long TICK_MS = 100;
    private static final Logger log = LoggerFactory.getLogger(LiveViewRelay.class);

    private final ClusterSignals signals;
    private final ConsoleNode node;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Receiver<?>> receivers = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<ObjectNode> outgoing = new ConcurrentLinkedQueue<>();
    private final Map<UUID, JobChanged> progress = new LinkedHashMap<>();
    private volatile boolean running;
    private Thread sender;

    private record Receiver<T>(Class<T> type, Consumer<T> deliver) {
        void accept(JsonMapper json, JsonNode event) {
            deliver.accept(json.treeToValue(event, type));
        }
    }

    LiveViewRelay(ClusterSignals signals, ConsoleNode node, JobService jobs, FleetService fleet, AlertService alerts,
                  NoticeBoard notices) {
        this.signals = signals;
        this.node = node;
        receive(JobChanged.class, jobs.updates()::publish);
        receive(ServerStatusChanged.class, fleet.statusUpdates()::publish);
        receive(ServerListChanged.class, fleet.listUpdates()::publish);
        receive(AlertChanged.class, alerts.updates()::publish);
        receive(ConsoleNotice.class, notices.updates()::publish);
        signals.subscribe(CHANNEL, this::received);
    }

    private <T> void receive(Class<T> type, Consumer<T> deliver) {
        receivers.put(type.getSimpleName(), new Receiver<>(type, deliver));
    }

    @EventListener(ContextRefreshedEvent.class)
    synchronized void start() {
        if (signals.clustered() && !running) {
            running = true;
            sender = Thread.ofPlatform().daemon().name("live-view-relay").start(this::sendLoop);
        }
    }

    // ---- out: this node's events ----------------------------------------------------------------------------

    @TransactionalEventListener(fallbackExecution = true)
    void jobChanged(JobChanged change) {
        if (!running) {
            return;
        }
        if (change.status() == JobStatus.IN_PROGRESS) {
            synchronized (progress) {
                progress.put(change.jobId(), change);
            }
        } else {
            synchronized (progress) {
                progress.remove(change.jobId());
            }
            queue(change);
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void serverStatusChanged(ServerStatusChanged change) {
        queue(change);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void serverListChanged(ServerListChanged change) {
        queue(change);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void alertChanged(AlertChanged change) {
        queue(change);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void notice(ConsoleNotice notice) {
        queue(notice);
    }

    private void queue(Object event) {
        if (!running) {
            return;
        }
        ObjectNode envelope = json.createObjectNode();
        envelope.put("t", event.getClass().getSimpleName());
        envelope.set("e", json.valueToTree(event));
        outgoing.add(envelope);
    }

    private void sendLoop() {
        long lastProgress = 0;
        while (running) {
            try {
                Thread.sleep(TICK_MS); // the batching window: events of the last tick share a notification
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastProgress >= 1_000_000_000L / PROGRESS_PER_SECOND) {
                lastProgress = now;
                List<JobChanged> due;
                synchronized (progress) {
                    due = new ArrayList<>(progress.values());
                    progress.clear();
                }
                due.forEach(this::queue);
            }
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("could not tell the other console nodes about live changes: {}", e.getMessage());
            }
        }
    }

    /** Sends what is queued, as few notifications as the payload limit allows. */
    private void flush() {
        ArrayNode batch = json.createArrayNode();
        int size = 0;
        for (ObjectNode event; (event = outgoing.poll()) != null; ) {
            String text = json.writeValueAsString(event);
            if (text.length() > ClusterSignals.MAX_PAYLOAD - 200) {
                log.warn("live change {} is too large to send to other nodes ({} characters); they show it at their next refresh",
                        event.get("t").asString(), text.length());
                continue;
            }
            if (size + text.length() > ClusterSignals.MAX_PAYLOAD - 100) {
                send(batch);
                batch = json.createArrayNode();
                size = 0;
            }
            batch.add(event);
            size += text.length() + 1;
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private void send(ArrayNode batch) {
        ObjectNode payload = json.createObjectNode();
        payload.put("o", node.id());
        payload.set("b", batch);
        signals.send(CHANNEL, json.writeValueAsString(payload));
    }

    // ---- in: other nodes' events ----------------------------------------------------------------------------

    private void received(String payload) {
        JsonNode message = json.readTree(payload);
        if (node.id().equals(message.path("o").asString())) {
            return;
        }
        for (JsonNode event : message.path("b")) {
            Receiver<?> receiver = receivers.get(event.path("t").asString());
            if (receiver == null) {
                log.warn("a console node sent a live change of unknown kind '{}' (a newer version?); ignored",
                        event.path("t").asString());
                continue;
            }
            receiver.accept(json, event.get("e"));
        }
    }

    @Override
    public void destroy() {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
    }
}
