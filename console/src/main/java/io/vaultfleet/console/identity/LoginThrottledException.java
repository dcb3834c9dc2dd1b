package io.vaultfleet.console.identity;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused because of too many recent failures, whatever the password. */
public class LoginThrottledException extends AuthenticationException {
    private final Duration wait;

    public LoginThrottledException(Duration wait) {
        super("Too many failed sign-ins. Try again in " + Math.max(1, wait.toSeconds()) + " seconds.");
        this.wait = wait;
    }

    public Duration waitTime() {
        return wait;
    }
}
