package io.vaultfleet.console.recover;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.vaultfleet.console.fleet.AgentEventHandler;
import io.vaultfleet.console.fleet.ReportingServer;
import io.vaultfleet.protocol.AgentMessage;
import io.vaultfleet.protocol.FolderPage;
import io.vaultfleet.protocol.RecoveryKey;
import io.vaultfleet.protocol.RecoveryOpened;

/**
 * The answers the console waits for during a recovery (a session key, the opening's result, a folder page), keyed by
 * what they answer. An answer counts only from the server it was asked of: another agent cannot answer for it.
 */
@Component
class AgentReplies {
    private static final Logger log = LoggerFactory.getLogger(AgentReplies.class);

    private record Waiting(UUID serverId, CompletableFuture<AgentMessage> answer) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** Registers the wait BEFORE the request is sent: the answer may come back at once. */
    CompletableFuture<AgentMessage> expect(String key, UUID serverId) {
        CompletableFuture<AgentMessage> answer = new CompletableFuture<>();
        waiting.put(key, new Waiting(serverId, answer));
        return answer;
    }

    void forget(String key) {
        waiting.remove(key);
    }

    /** Waits for the answer; the key is forgotten either way. */
    <T extends AgentMessage> T await(String key, CompletableFuture<AgentMessage> answer, Class<T> type, Duration timeout,
                                     String what) {
        try {
            return type.cast(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new RecoveryException("The server did not answer (" + what + ") within " + timeout.toSeconds()
                    + " s. Check that it is online and its agent up to date, then try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryException("Interrupted while waiting for the server (" + what + ").");
        } catch (ExecutionException e) {
            throw new RecoveryException(e.getCause().getMessage());
        } finally {
            waiting.remove(key);
        }
    }

    boolean answer(String key, ReportingServer from, AgentMessage message) {
        Waiting w = waiting.get(key);
        if (w == null) {
            log.info("server {} answered {} which nobody waits for (late, or after the wizard closed)", from.name(),
                    message.getClass().getSimpleName());
            return false;
        }
        if (!w.serverId().equals(from.id())) {
            log.warn("server {} answered {} asked of another server; ignored", from.name(), key);
            return false;
        }
        waiting.remove(key, w);
        return w.answer().complete(message);
    }

    static String keyFor(UUID sessionId) {
        return "key:" + sessionId;
    }

    static String openFor(UUID sessionId) {
        return "open:" + sessionId;
    }

    static String pageFor(String requestId) {
        return "page:" + requestId;
    }

    @Component
    static class KeyHandler implements AgentEventHandler<RecoveryKey> {
        private final AgentReplies replies;

        KeyHandler(AgentReplies replies) {
            this.replies = replies;
        }

        @Override
        public Class<RecoveryKey> eventType() {
            return RecoveryKey.class;
        }

        @Override
        public void handle(ReportingServer server, RecoveryKey event) {
            replies.answer("key:" + event.sessionId(), server, event);
        }
    }

    @Component
    static class OpenedHandler implements AgentEventHandler<RecoveryOpened> {
        private final AgentReplies replies;

        OpenedHandler(AgentReplies replies) {
            this.replies = replies;
        }

        @Override
        public Class<RecoveryOpened> eventType() {
            return RecoveryOpened.class;
        }

        @Override
        public void handle(ReportingServer server, RecoveryOpened event) {
            replies.answer("open:" + event.sessionId(), server, event);
        }
    }

    @Component
    static class PageHandler implements AgentEventHandler<FolderPage> {
        private final AgentReplies replies;

        PageHandler(AgentReplies replies) {
            this.replies = replies;
        }

        @Override
        public Class<FolderPage> eventType() {
            return FolderPage.class;
        }

        @Override
        public void handle(ReportingServer server, FolderPage event) {
            replies.answer(pageFor(event.requestId()), server, event);
        }
    }
}
