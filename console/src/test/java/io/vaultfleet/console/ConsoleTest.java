package io.vaultfleet.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A console running on a random port with its own data folder (see {@code application-test.properties}), the
 * agent channel closed to unregistered agents as in production, and a known admin password.
 * All tests using it share one Spring context.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(classes = ConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public @interface ConsoleTest {
    String ADMIN_PASSWORD = "Console-Test-Password-1";
}
