package io.creditcast.query.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URI;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Both database paths, wired explicitly: a small JDBC pool for the event processors (event store reads,
 * tokens and read-model writes commit together, durably) and an R2DBC pool that serves the HTTP API.
 */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

    @Bean
    @Primary
    public DataSource dataSource(QueryProperties properties) {
        var db = properties.database();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.username());
        config.setPassword(db.password());
        config.setMaximumPoolSize(db.jdbcPoolSize());
        config.setConnectionTimeout(5_000);
        config.setPoolName("query-jdbc");
        return new HikariDataSource(config);
    }

    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    /** Unpooled connections, for the one long-lived LISTEN connection of the live balance updates. */
    public static PostgresqlConnectionFactory postgres(QueryProperties properties) {
        var db = properties.database();
        URI uri = URI.create(db.r2dbcUrl().substring("r2dbc:".length()));
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(uri.getHost())
                .port(uri.getPort() < 0 ? 5432 : uri.getPort())
                .database(uri.getPath().substring(1))
                .username(db.username())
                .password(db.password())
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    }

    @Bean(destroyMethod = "dispose")
    public ConnectionPool connectionFactory(QueryProperties properties) {
        var db = properties.database();
        PostgresqlConnectionFactory factory = postgres(properties);
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .maxSize(db.r2dbcPoolSize())
                .initialSize(1)
                .maxAcquireTime(Duration.ofSeconds(5))
                .name("query-r2dbc")
                .build());
    }

    @Bean
    public DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
        return DatabaseClient.create(connectionFactory);
    }
}
