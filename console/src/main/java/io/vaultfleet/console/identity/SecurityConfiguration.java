package io.vaultfleet.console.identity;

import java.util.Map;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two filter chains here (the REST API's is {@link ApiSecurity}, the metrics' is the monitoring package's). The agent channel ({@code /agent/**}) has no browser session and no CSRF token: agents are
 * authenticated by the channel's own handshake (see the fleet package). Everything else is the Vaadin console,
 * behind a login form; views declare their roles with {@code @RolesAllowed}, services with {@code @PreAuthorize}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfiguration {
    /**
     * What the browser console may load and run. Vaadin Flow needs {@code 'unsafe-inline'} and {@code 'unsafe-eval'}
     * for scripts (its bootstrap is an inline script and its client engine builds functions from what the server
     * sends) and {@code 'unsafe-inline'} for styles; everything else is this origin only, and no one may frame it.
     */
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain agentChannel(HttpSecurity http) throws Exception {
        return http.securityMatcher("/agent/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                // agents read nothing as a page: nothing may be framed, run or sniffed from these answers
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .contentTypeOptions(c -> { })
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        var failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setDefaultFailureUrl("/login?error");
        failures.setExceptionMappings(Map.of(LoginThrottledException.class.getName(), "/login?throttled"));
        http.authenticationManager(authenticationManager);
        // the console's stylesheet and icon (from frontend/) are public, like Vaadin's own static files
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/styles/**", "/icons/**").permitAll());
        // the REST API's OpenAPI document, its browsable page and the PowerShell module: for signed-in users (the API
        // itself is ApiSecurity's chain, tokens only); Vaadin's configurer denies every other non-view request
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/api-docs", "/api-docs/**",
                "/downloads/VaultFleet.psm1").authenticated());
        // Recover Data's downloads: signed-in users; the endpoint checks the role at the vault and who asked for it
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/recover/downloads/*").authenticated());
        // Vaadin's configurer first: it must set the login page before the form-login configurer initialises,
        // or Spring Security would generate its own login page.
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class, "/"));
        http.formLogin(form -> form.failureHandler(failures));
        http.headers(headers -> headers
                .frameOptions(frame -> frame.deny())
                .contentTypeOptions(c -> { })
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CSP))
                .referrerPolicy(r -> r.policy(
                        ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                // before the request goes on: Vaadin's pages are written by its own servlet, past the point where
                // headers would otherwise be added when the response is committed
                .addObjectPostProcessor(new ObjectPostProcessor<
                        HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }));
        return http.build();
    }

    @Bean
    AuthenticationManager authenticationManager(ConsoleUserDetailsService users, PasswordEncoder encoder,
                                                LoginThrottle throttle, AuditLog audit) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        return new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle, audit));
    }

    /** Argon2id for new hashes; the {id} prefix lets the algorithm change later without a migration. */
    @Bean
    PasswordEncoder passwordEncoder() {
        String id = "argon2";
        return new DelegatingPasswordEncoder(id, Map.of(id, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }
}
