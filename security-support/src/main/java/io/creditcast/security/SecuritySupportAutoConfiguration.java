package io.creditcast.security;

import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Wires Creditcast security into any reactive service that has this jar: the JWT decoder (JWT mode), a
 * {@link CreditcastHttpSecurity} to build the service's filter chain with, and a default chain (public probes
 * and docs, everything else authenticated) for services that declare none. Refuses {@code dev-headers} and
 * {@code jwt-and-dev-headers} under a {@code prod}/{@code production} profile.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(CreditcastSecurityProperties.class)
@EnableWebFluxSecurity
public class SecuritySupportAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecuritySupportAutoConfiguration.class);
    static final Set<String> PRODUCTION_PROFILES = Set.of("prod", "production");

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "creditcast.security.mode", havingValue = "jwt", matchIfMissing = true)
    ReactiveJwtDecoder creditcastJwtDecoder(CreditcastSecurityProperties properties) {
        return JwtDecoders.keycloak(properties.jwt());
    }

    @Bean
    @ConditionalOnMissingBean
    CreditcastHttpSecurity creditcastHttpSecurity(
            CreditcastSecurityProperties properties, ObjectProvider<ReactiveJwtDecoder> decoder, Environment env) {
        if (properties.mode().trustsDevHeaders()) {
            if (Arrays.stream(env.getActiveProfiles()).anyMatch(PRODUCTION_PROFILES::contains)) {
                throw new IllegalStateException("creditcast.security.mode=" + modeName(properties.mode())
                        + " lets anyone claim any role; refused under a production profile");
            }
            log.warn(
                    "creditcast.security.mode={}: callers are trusted by X-Creditcast-* headers."
                            + " For tests and local experiments only.",
                    modeName(properties.mode()));
        }
        if (properties.mode() == SecurityMode.DEV_HEADERS) {
            return new CreditcastHttpSecurity(properties, null);
        }
        log.info(
                "Bearer tokens: RS256 from {}, iss {}, aud {}, clock skew {}",
                properties.jwt().effectiveJwkSetUri(),
                properties.jwt().requireIssuer(),
                properties.jwt().audience(),
                properties.jwt().clockSkew());
        // the decoder bean exists in jwt mode; jwt-and-dev-headers builds the same one here
        return new CreditcastHttpSecurity(
                properties, decoder.getIfAvailable(() -> JwtDecoders.keycloak(properties.jwt())));
    }

    private static String modeName(SecurityMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain creditcastDefaultSecurityWebFilterChain(
            ServerHttpSecurity http, CreditcastHttpSecurity security) {
        return security.apply(http)
                .authorizeExchange(a -> a.pathMatchers(CreditcastHttpSecurity.PUBLIC_PATHS)
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .build();
    }
}
