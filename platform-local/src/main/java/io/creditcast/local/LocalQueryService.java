package io.creditcast.local;

import io.creditcast.query.QueryServiceApplication;
import io.creditcast.testsupport.SharedElasticsearch;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local run's hook for the query service: starts Elasticsearch, then the query service on the same
 * database as the command service; its processors project everything already in the event store
 * (the demo data included) on first start.
 */
public final class LocalQueryService {
    private final SharedElasticsearch.Server elasticsearch;
    private final ConfigurableApplicationContext context;

    private LocalQueryService(SharedElasticsearch.Server elasticsearch, ConfigurableApplicationContext context) {
        this.elasticsearch = elasticsearch;
        this.context = context;
    }

    public static LocalQueryService start(Path dataDirectory, String jdbcUrl, java.util.List<String> extraArguments) {
        SharedElasticsearch.Server es = LocalElasticsearch.start(dataDirectory);
        int port = Integer.getInteger("creditcast.query-port", 8081);
        ConfigurableApplicationContext context;
        try {
            var arguments = new java.util.ArrayList<>(java.util.List.of(
                    // its own defaults file: the command service's application.yml is first on this classpath
                    "--spring.config.name=query-service",
                    "--server.port=" + port,
                    "--creditcast.query.database.url=" + jdbcUrl,
                    "--creditcast.query.database.username=postgres",
                    "--creditcast.query.database.password=postgres",
                    "--creditcast.query.elasticsearch.url=" + es.url(),
                    "--logging.structured.format.console="));
            arguments.addAll(extraArguments);
            context = new SpringApplicationBuilder(QueryServiceApplication.class).run(arguments.toArray(String[]::new));
        } catch (RuntimeException e) {
            es.close();
            throw e;
        }
        return new LocalQueryService(es, context);
    }

    public String baseUrl() {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String elasticsearchUrl() {
        return elasticsearch.url();
    }

    public void stop() {
        context.close();
        elasticsearch.close();
    }
}
