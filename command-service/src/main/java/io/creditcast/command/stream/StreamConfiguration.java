package io.creditcast.command.stream;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wiring of the stream feature. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamIngestProperties.class)
public class StreamConfiguration {

    @Bean
    IngestHealth ingestHealth(JdbcTemplate jdbc) {
        return new IngestHealth(jdbc);
    }
}
