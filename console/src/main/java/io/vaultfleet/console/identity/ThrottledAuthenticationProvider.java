package io.vaultfleet.console.identity;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in through {@link LoginThrottle}: a throttled attempt is refused before the password is even
 * checked, and every outcome is audited (the password never is).
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {
    private final AuthenticationProvider delegate;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle, AuditLog audit) {
        this.delegate = delegate;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = String.valueOf(authentication.getPrincipal());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        Optional<Duration> wait = throttle.blockedFor(username, address);
        if (wait.isPresent()) {
            audit.recordAs(username, "login", "console", AuditLog.Outcome.DENIED,
                    "throttled for " + wait.get().toSeconds() + " s; from " + address);
            throw new LoginThrottledException(wait.get());
        }
        try {
            Authentication result = delegate.authenticate(authentication);
            throttle.succeeded(username, address);
            audit.recordAs(result.getName(), "login", "console", AuditLog.Outcome.SUCCESS, "from " + address);
            return result;
        } catch (BadCredentialsException | DisabledException e) {
            throttle.failed(username, address);
            audit.recordAs(username, "login", "console", AuditLog.Outcome.DENIED,
                    (e instanceof DisabledException ? "account disabled" : "wrong user name or password")
                            + "; from " + address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
