package io.vaultfleet.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The VaultFleet console. Each direct sub-package is one feature (vault, fleet, jobs, identity, ...) holding its
 * domain, persistence, service and views; {@code ui} is the shared layout and {@code platform} the configuration.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConsoleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ConsoleApplication.class, args);
    }
}
