package io.vaultfleet.console.identity;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The REST API's own filter chain ({@code /api/**}), before the console's: only {@code Authorization: Bearer} with
 * an access token is accepted. The console's session cookie is never read here (the security context lives in the
 * request only), so a page in a signed-in browser cannot call the API, and CSRF has nothing to protect. Every use of a
 * token is audited with its name; each token has its own rate limit.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {
    @Bean
    @Order(0)
    SecurityFilterChain api(HttpSecurity http, AccessTokenService tokens, AuditLog audit,
                            SecurityContextHolderStrategy strategy, Clock clock,
                            @Value("${vaultfleet.api.rate.burst:120}") int burst,
                            @Value("${vaultfleet.api.rate.per-second:20}") double perSecond) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .addFilterBefore(new BearerToken(tokens, audit, strategy, new ApiRateLimit(burst, perSecond, clock)),
                        AuthorizationFilter.class)
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> problem(response, 401,
                                "An access token is required: send Authorization: Bearer <token>. The console's "
                                        + "sign-in session is not accepted by the API."))
                        .accessDeniedHandler((request, response, denied) -> problem(response, 403, denied.getMessage())))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .headers(headers -> headers.frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")))
                .build();
    }

    /** An RFC 9457 problem written by the filter chain itself (before any controller exists to answer). */
    static void problem(HttpServletResponse response, int status, String detail) throws IOException {
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"vaultfleet-api\"");
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        String title = switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\"}");
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Authenticates {@code Authorization: Bearer vft_…}; refuses unknown, revoked and expired tokens with why. */
    static final class BearerToken extends OncePerRequestFilter {
        private final AccessTokenService tokens;
        private final AuditLog audit;
        private final SecurityContextHolderStrategy holder;
        private final ApiRateLimit rate;

        BearerToken(AccessTokenService tokens, AuditLog audit, SecurityContextHolderStrategy holder, ApiRateLimit rate) {
            this.tokens = tokens;
            this.audit = audit;
            this.holder = holder;
            this.rate = rate;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                chain.doFilter(request, response); // the entry point answers 401
                return;
            }
            String what = request.getMethod() + " " + request.getRequestURI();
            switch (tokens.authenticate(header.substring(7).trim())) {
                case AccessTokenService.Refused refused -> {
                    audit.recordAs("anonymous", "api.call", what, AuditLog.Outcome.DENIED, refused.reason());
                    problem(response, 401, refused.reason());
                }
                case AccessTokenService.Accepted accepted -> {
                    var authentication = accepted.authentication();
                    Optional<Duration> wait = rate.take(authentication.token().id());
                    if (wait.isPresent()) {
                        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                        response.setHeader("Retry-After", Long.toString(seconds));
                        problem(response, 429, "Too many requests with the token '" + authentication.token().name()
                                + "': retry after " + seconds + " s.");
                        return;
                    }
                    audit.recordAs(authentication.actor(), "api.call", what, AuditLog.Outcome.SUCCESS, null);
                    var context = holder.createEmptyContext();
                    context.setAuthentication(authentication);
                    holder.setContext(context);
                    try {
                        chain.doFilter(request, response);
                    } finally {
                        holder.clearContext();
                    }
                }
            }
        }
    }
}
