package io.vaultfleet.console.fleet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Plain Spring WebSocket (no STOMP: the protocol is point-to-point request/reply and events between the console
 * and one agent, with its own envelope; a broker and topic routing would add nothing). The container's buffer is
 * a little larger than the protocol's frame limit so an oversized frame reaches the handler and gets a specific
 * refusal instead of a bare close.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class AgentChannelConfiguration implements WebSocketConfigurer {
    static final String PATH = "/agent/ws";

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
        // fragments are reassembled by the handler, which enforces the frame limit
        container.setMaxTextMessageBufferSize(64 * 1024);
        container.setMaxBinaryMessageBufferSize(64 * 1024);
        // a connection with no traffic at all for twice the offline threshold is dead
        container.setMaxSessionIdleTimeout(properties.offlineAfter().multipliedBy(2).toMillis());
        container.setAsyncSendTimeout(10_000L);
        return container;
    }
}
