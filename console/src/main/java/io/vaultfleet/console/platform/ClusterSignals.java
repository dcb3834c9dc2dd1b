package io.vaultfleet.console.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Wakes other console nodes through PostgreSQL's {@code LISTEN/NOTIFY} (docs/decisions/026): a node sends a short
 * payload on a channel, every node listening on that channel receives it, in commit order, once the sending
 * transaction commits (a notification sent inside a transaction that rolls back is never seen).
 * <p>
 * On H2 (one node, the embedded default) there is nobody else to wake: {@link #clustered()} is false and
 * {@link #send} does nothing. A listener that lost its connection reconnects and then calls the
 * {@code reconnected} callbacks, since notifications sent meanwhile are lost: whoever relies on them re-reads the
 * database there.
 */
@Component
public class ClusterSignals implements DisposableBean {
    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    public static final int MAX_PAYLOAD = 7_900;
    private static final Logger log = LoggerFactory.getLogger(ClusterSignals.class);

    private final JdbcClient jdbc;
    private final boolean clustered;
    private final String url;
    private final String user;
    private final String password;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Thread listener;
    private volatile Connection connection;

    ClusterSignals(JdbcClient jdbc, DataSource dataSource, @Value("${spring.datasource.url:}") String url,
                   @Value("${spring.datasource.username:}") String user,
                   @Value("${spring.datasource.password:}") String password) {
        this.jdbc = jdbc;
        this.url = url;
        this.user = user;
        this.password = password;
        this.clustered = isPostgres(dataSource);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to learn its kind: " + e.getMessage(), e);
        }
    }

    /** Whether other nodes may share this database (PostgreSQL): then signals are sent and received. */
    public boolean clustered() {
        return clustered;
    }

    /** Calls {@code handler} with each payload sent on {@code channel} (by any node, this one included). */
    public void subscribe(String channel, Consumer<String> handler) {
        requireChannelName(channel);
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Runs {@code callback} after the listening connection was lost and made again (signals may have been missed). */
    public void onReconnect(Runnable callback) {
        reconnected.add(callback);
    }

    /**
     * Sends {@code payload} on {@code channel}: inside the caller's transaction when there is one (delivered at its
     * commit), else at once. Does nothing on H2.
     */
    public void send(String channel, String payload) {
        requireChannelName(channel);
        if (payload.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("signal payload of " + payload.length() + " characters on " + channel
                    + " is over the " + MAX_PAYLOAD + " PostgreSQL accepts");
        }
        if (clustered) {
            jdbc.sql("select pg_notify(:c, :p)").param("c", channel).param("p", payload).query(Object.class).list();
        }
    }

    private static void requireChannelName(String channel) {
        if (!channel.matches("[a-z_]{1,60}")) {
            throw new IllegalArgumentException("signal channel names are lower-case letters and '_': " + channel);
        }
    }

    /** Starts listening once every bean has subscribed. */
    @EventListener(ContextRefreshedEvent.class)
    synchronized void start() {
        if (!clustered || running) {
            return;
        }
        running = true;
        listener = Thread.ofPlatform().daemon().name("cluster-signals").start(this::listen);
    }

    private void listen() {
        boolean first = true;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                connection = c;
                try (Statement statement = c.createStatement()) {
                    for (String channel : handlers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                if (!first) {
                    log.info("listening to other console nodes again");
                    reconnected.forEach(ClusterSignals::runQuietly);
                }
                first = false;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(1_000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            dispatch(n.getName(), n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("lost the connection that listens to other console nodes ({}); reconnecting", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void dispatch(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                log.warn("handling a signal on {} failed: {}", channel, e.getMessage(), e);
            }
        }
    }

    private static void runQuietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("catching up after a lost signal connection failed: {}", e.getMessage(), e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000); // between reconnection attempts to a database that is down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void destroy() {
        running = false;
        Thread t = listener;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
