package io.creditcast.command.support;

import io.creditcast.testsupport.KeycloakServer;
import io.creditcast.testsupport.SharedKeycloak;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real Keycloak users for the JWT-mode tests: created through the admin API with unique names, tokens obtained
 * with the password grant of the dev CLI client (the SPA client refuses it; see IdentityPoliciesIT).
 */
public final class KeycloakUsers {
    public static final String PASSWORD = "Test-pass-1!";
    public static final String CLI_CLIENT = "creditcast-dev-cli";
    public static final String SERVICE_CLIENT = "creditcast-media-worker";
    public static final String SERVICE_SECRET = "dev-media-worker-secret";

    public record User(String username, String subject, String token) {}

    private record Account(String username, String subject) {}

    private static final Map<String, Account> BY_PERSONA = new ConcurrentHashMap<>();

    private KeycloakUsers() {}

    public static KeycloakServer keycloak() {
        return SharedKeycloak.server();
    }

    /** A fresh user with these realm roles (email verified unless said otherwise) and a token for them. */
    public static User create(String prefix, boolean emailVerified, String... roles) {
        String username = Api.unique(prefix);
        String subject = keycloak().createUser(username, PASSWORD, emailVerified, List.of(roles));
        return new User(username, subject, login(username));
    }

    /** One shared user per persona name (created on first use in this JVM), with a fresh token. */
    public static User persona(String persona, boolean emailVerified, String... roles) {
        Account account = BY_PERSONA.computeIfAbsent(persona, p -> {
            User created = create(p, emailVerified, roles);
            return new Account(created.username(), created.subject());
        });
        return new User(account.username(), account.subject(), login(account.username()));
    }

    public static String login(String username) {
        return keycloak()
                .passwordGrant(KeycloakServer.REALM, CLI_CLIENT, username, PASSWORD)
                .accessToken();
    }

    /** The media worker's service-account token (client credentials). */
    public static String serviceToken() {
        return keycloak()
                .clientCredentials(KeycloakServer.REALM, SERVICE_CLIENT, SERVICE_SECRET)
                .accessToken();
    }
}
