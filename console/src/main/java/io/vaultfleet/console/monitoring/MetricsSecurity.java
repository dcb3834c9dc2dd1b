package io.vaultfleet.console.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The actuator endpoints: {@code /actuator/health} is open (up or down, no details, for load balancers);
 * {@code /actuator/prometheus} answers only a scraper presenting {@code Authorization: Bearer <token>} with the
 * token set in {@code vaultfleet.monitoring.scrape-token}. Without a configured token nobody may scrape.
 */
@Configuration(proxyBeanMethods = false)
class MetricsSecurity {
    static final String SCRAPER_ROLE = "METRICS_SCRAPER";

    @Bean
    @Order(0)
    SecurityFilterChain actuator(HttpSecurity http, MonitoringProperties properties,
                                 ObjectProvider<SecurityContextHolderStrategy> strategy) throws Exception {
        return http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health").permitAll()
                        .anyRequest().hasRole(SCRAPER_ROLE))
                .addFilterBefore(new ScrapeToken(properties.scrapeToken(),
                        strategy.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)), AuthorizationFilter.class)
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> {
                    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                    response.setContentType("text/plain;charset=UTF-8");
                    response.getWriter().write("not allowed\n");
                }).authenticationEntryPoint((request, response, denied) -> {
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"vaultfleet-metrics\"");
                    // a plain answer, not sendError: the error page belongs to the console's login-protected chain
                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                    response.setContentType("text/plain;charset=UTF-8");
                    response.getWriter().write("a scrape token is required (Authorization: Bearer <token>)\n");
                }))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .build();
    }

    /** Authenticates a request whose bearer token equals the configured one (compared in constant time). */
    static final class ScrapeToken extends OncePerRequestFilter {
        private final byte[] expected;
        private final SecurityContextHolderStrategy holder;

        ScrapeToken(String token, SecurityContextHolderStrategy holder) {
            this.holder = holder;
            this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (expected != null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && MessageDigest.isEqual(expected, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
                var scraper = UsernamePasswordAuthenticationToken.authenticated("prometheus", null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + SCRAPER_ROLE)));
                var context = holder.createEmptyContext();
                context.setAuthentication(scraper);
                holder.setContext(context);
                try {
                    chain.doFilter(request, response);
                } finally {
                    holder.clearContext();
                }
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
