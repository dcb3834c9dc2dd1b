package io.vaultfleet.console.platform;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code vaultfleet.data-dir} absolute before anything reads it, so the H2 URL built from it
 * ({@code jdbc:h2:file:${vaultfleet.data-dir}/db/console}) is valid whatever the working directory and however the
 * folder was given (relative, absolute, {@code VAULTFLEET_DATA_DIR}).
 */
public class DataFolderEnvironment implements EnvironmentPostProcessor, Ordered {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty("vaultfleet.data-dir", "data");
        String absolute = Path.of(configured).toAbsolutePath().normalize().toString();
        environment.getPropertySources().addFirst(new MapPropertySource("vaultfleet-data-dir",
                Map.of("vaultfleet.data-dir", absolute)));
    }

    @Override
    public int getOrder() {
        // after application.properties and the command line are loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
