package io.creditcast.query;

import io.creditcast.query.config.QueryProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The query side: Axon tracking processors project the command side's events into read models (schema
 * {@code read}, served over R2DBC) and the discovery index on Elasticsearch.
 */
@SpringBootApplication
@EnableConfigurationProperties(QueryProperties.class)
public class QueryServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
