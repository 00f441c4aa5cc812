package io.creditcast.media.security;

import static io.creditcast.security.AccessRules.roleAndScope;
import static io.creditcast.security.Roles.ADMIN;
import static io.creditcast.security.Roles.CREATOR;
import static io.creditcast.security.Roles.STREAMS_WRITE;

import io.creditcast.security.CreditcastHttpSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The media worker's route table on {@code security-support}. Live and VOD playback carry their own
 * short-lived signed playback tokens (checked by the playback handler on every playlist and segment), so
 * players need no bearer token (the audio relay's {@code /relay/**} too); uploads, arming SRT ingest and
 * starting or stopping a relay are for creators; anything else needs a signed-in caller.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CreditcastHttpSecurity security) {
        return security.apply(http)
                .authorizeExchange(a -> a.pathMatchers(CreditcastHttpSecurity.PUBLIC_PATHS)
                        .permitAll()
                        .pathMatchers("/live/**", "/vod/**", "/relay/**")
                        .permitAll()
                        .pathMatchers(
                                "/api/v1/uploads", "/api/v1/uploads/**", "/api/v1/ingest/**", "/api/v1/streams/*/relay")
                        .access(roleAndScope(STREAMS_WRITE, CREATOR, ADMIN))
                        .pathMatchers("/api/v1/**")
                        .authenticated()
                        .anyExchange()
                        .denyAll())
                .build();
    }
}
