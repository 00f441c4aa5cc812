package io.creditcast.media.command;

/**
 * Supplies the access token the worker sends to the command side in {@code bearer} mode (a Keycloak service
 * client's client-credentials token once the identity work lands). Called per request; cache inside.
 */
@FunctionalInterface
public interface BearerTokenSupplier {
    String token();
}
