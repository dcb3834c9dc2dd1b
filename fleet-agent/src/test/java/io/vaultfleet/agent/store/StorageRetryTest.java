package io.vaultfleet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * One retry layer with bounded attempts and a bounded total wait, and the Azure SDK's own retry switched off so the
 * attempts do not multiply (issue 18).
 */
class StorageRetryTest {
    /** A clock the sleeper moves: the total wait is measured without any real waiting. */
    static final class ManualClock extends java.time.Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Fails every call as transient, as an unreachable store does. */
    static final class Down extends ForwardingStore {
        final AtomicInteger calls = new AtomicInteger();
        volatile int failFirst = Integer.MAX_VALUE;

        Down(BlobStore target) {
            super(target);
        }

        @Override
        public byte[] get(String name) throws IOException {
            if (calls.incrementAndGet() <= failFirst) {
                throw new TransientStoreException(name + ": Connection refused", null);
            }
            return super.get(name);
        }
    }

    @Test
    void givesUpWhenTheTotalWaitWouldPassItsBound(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ManualClock clock = new ManualClock();
        List<Duration> sleeps = new ArrayList<>();
        Down down = new Down(new FolderStore(dir));
        RetryingStore store = new RetryingStore(down, new RetryingStore.Policy(100, Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(120)), d -> {
                    sleeps.add(d);
                    clock.advance(d);
                }, clock, RetryingStore.StorageWaits.NONE);
        assertThatThrownBy(() -> store.get("config")).hasMessageContaining("storage unreachable or failing")
                .hasMessageContaining("Connection refused");
        // 1+2+4+8+16+30+30 = 91 s waited; another 30 s would pass 120 s
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(down.calls.get()).isEqualTo(8);
    }

    @Test
    void tellsWhileItWaitsAndWhenStorageIsBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FolderStore folder = new FolderStore(dir);
        folder.put("config", new byte[] {1, 2, 3});
        Down down = new Down(folder);
        down.failFirst = 3;
        List<Boolean> heard = new ArrayList<>();
        RetryingStore store = new RetryingStore(down, RetryingStore.Policy.DEFAULT, d -> { }, java.time.Clock.systemUTC(),
                heard::add);
        assertThat(store.get("config")).containsExactly(1, 2, 3);
        assertThat(heard).containsExactly(true, false);
        assertThat(store.get("config")).containsExactly(1, 2, 3);
        assertThat(heard).as("no wait, nothing to tell").hasSize(2);
    }

    @Test
    void theAzureSdkTriesEachRequestOnceSoOurAttemptsDoNotMultiply() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("x-ms-error-code", "ServerBusy");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/devstoreaccount1/c?sv=2023-01-03&sig=x";
            List<Duration> sleeps = new ArrayList<>();
            RetryingStore store = new RetryingStore(AzureBlobStore.fromSasUrl(url), 3, Duration.ofMillis(1),
                    Duration.ofMillis(1), sleeps::add);
            assertThatThrownBy(() -> store.size("config")).hasMessageContaining("after 3 attempts")
                    .hasMessageContaining("503");
            assertThat(requests.get()).as("one HTTP request per attempt of ours").isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }
}
