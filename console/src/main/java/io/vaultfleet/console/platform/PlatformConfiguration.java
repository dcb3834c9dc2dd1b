package io.vaultfleet.console.platform;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.core.StreamReadConstraints;
import jakarta.servlet.DispatcherType;

/** Beans every feature uses. Time is a bean so tests can move it instead of sleeping. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {
    /** Longest string the console's JSON mapper reads: a credentials file in base64 is about 86 KiB. */
    static final int MAX_JSON_STRING = 512 * 1024;
    static final int MAX_JSON_DEPTH = 64;
    static final long MAX_JSON_DOCUMENT = 16L * 1024 * 1024;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** First of all filters: agent requests are limited and answered in one line before anything else runs. */
    @Bean
    FilterRegistrationBean<AgentRequestGuard> agentRequestGuard() {
        FilterRegistrationBean<AgentRequestGuard> registration = new FilterRegistrationBean<>(new AgentRequestGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    @Bean
    AgentErrorResolver agentErrorResolver() {
        return new AgentErrorResolver();
    }

    /**
     * The mapper Spring MVC reads request bodies with reads what anonymous callers send: strings, nesting and
     * documents are capped far above any real request and far below what would hurt the heap.
     */
    @Bean
    JsonFactoryBuilderCustomizer callerInputConstraints() {
        return builder -> builder.streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_JSON_STRING)
                .maxNestingDepth(MAX_JSON_DEPTH)
                .maxDocumentLength(MAX_JSON_DOCUMENT)
                .build());
    }
}
