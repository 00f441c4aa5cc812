package io.creditcast.command.identity.tokens;

import io.creditcast.token.SignedTokens;
import io.creditcast.token.TokenKeyRing;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** The token key ring and signer shared by playback tokens and chat-room tokens. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenProperties.class)
public class TokenConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TokenConfiguration.class);

    @Bean
    TokenKeyRing tokenKeyRing(TokenProperties properties, Environment environment) {
        TokenKeyRing ring = properties.keys().isEmpty()
                ? TokenKeyRing.development()
                : new TokenKeyRing(properties.keys().stream()
                        .map(TokenProperties.Key::signingKey)
                        .toList());
        if (ring.usesDevelopmentKey()) {
            if (environment.acceptsProfiles(Profiles.of("prod | production"))) {
                throw new IllegalStateException(
                        "creditcast.tokens.keys holds the public development key under a production profile");
            }
            log.warn("*** playback and chat tokens are signed with the PUBLIC development key: anyone can forge them."
                    + " Set creditcast.tokens.keys[0].kid/secret (CREDITCAST_TOKENS_KEYS_0_KID/_SECRET) on the command"
                    + " service and the media worker ***");
        }
        if (ring.signingKey().isEmpty()) {
            throw new IllegalStateException("creditcast.tokens.keys needs at least one active key to sign with");
        }
        return ring;
    }

    @Bean
    SignedTokens signedTokens(TokenKeyRing ring) {
        return new SignedTokens(ring, Clock.systemUTC());
    }
}
