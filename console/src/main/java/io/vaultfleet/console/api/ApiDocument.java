package io.vaultfleet.console.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's fixed parts (springdoc generates the paths and schemas from the controllers). The server is
 * the console's own origin ("/"), not the address a request came in on, so the checked-in {@code docs/openapi.json}
 * is the same on every console.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocument {
    static final String BEARER = "accessToken";

    @Bean
    OpenAPI vaultFleetOpenApi() {
        return new OpenAPI()
                .info(new Info().title("VaultFleet console API").version("v1")
                        .description("Recovery Services vaults, registered servers, policies, Back Up Now, jobs, "
                                + "recovery points and alerts. Authenticate with an access token made in My account "
                                + "(Authorization: Bearer vft_…). Errors are RFC 9457 problem details "
                                + "(application/problem+json) with the field and the console's message; lists are "
                                + "paged with limit and cursor (nextCursor); changes need If-Match with the ETag read; "
                                + "a token sending too many requests gets 429 with Retry-After."))
                .addServersItem(new Server().url("/").description("this console"))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An access token from My account > Access tokens")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
