package io.vaultfleet.console;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.vaultfleet.testsupport.EmbeddedPostgres;

/**
 * A real PostgreSQL server for a test class's console context (the {@code postgres} profile): started once per
 * context and stopped when the JVM exits, since Spring keeps the context, and its connections, cached until then.
 * Use from a {@code @DynamicPropertySource} method.
 */
public final class TestPostgres {
    private TestPostgres() {
    }

    public static void use(DynamicPropertyRegistry registry) {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-test-postgres"));
        String url = postgres.createDatabase("vaultfleet");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
