package io.vaultfleet.console.fleet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Plain Spring WebSocket (no STOMP: the protocol is point-to-point request/reply and events between the console
 * and one agent, with its own envelope; a broker and topic routing would add nothing). The container's buffers are
 * small and the handler takes frames in parts, so an oversized frame reaches the handler and gets a specific refusal
 * instead of a bare close, and an idle connection holds little.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class AgentChannelConfiguration implements WebSocketConfigurer {
    static final String PATH = "/agent/ws";
    /** The part of a text frame the container hands over at once (larger frames come in several parts). */
    static final int TEXT_BUFFER_CHARS = 8 * 1024;

    private final AgentChannelHandler handler;
    private final AgentHandshake handshake;

    AgentChannelConfiguration(AgentChannelHandler handler, AgentHandshake handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // agents are not browsers: no Origin check applies, authentication is the handshake's and the channel's
        registry.addHandler(handler, PATH).addInterceptors(handshake).setAllowedOriginPatterns("*");
    }

    @Bean
    ServletServerContainerFactoryBean agentWebSocketContainer(AgentChannelProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // Tomcat allocates both buffers for every session when it opens (a CharBuffer of the text size: two bytes a
        // character), so they are what a node holds per agent: 64 Ki of each took 200 KiB a connection and ran a
        // 512 MiB node out of heap at ~3,300 agents (bench/cluster-scale.sh, decision 035). A frame larger than the
        // buffer arrives in parts, reassembled by the handler, which enforces the frame limit; binary frames are not
        // part of the protocol and are refused, so theirs is small.
        container.setMaxTextMessageBufferSize(TEXT_BUFFER_CHARS);
        container.setMaxBinaryMessageBufferSize(1024);
        // a connection with no traffic at all for twice the offline threshold is dead
        container.setMaxSessionIdleTimeout(properties.offlineAfter().multipliedBy(2).toMillis());
        container.setAsyncSendTimeout(10_000L);
        return container;
    }
}
