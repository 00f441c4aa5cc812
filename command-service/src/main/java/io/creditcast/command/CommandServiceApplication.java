package io.creditcast.command;

import io.creditcast.command.config.CreditcastProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The command side: HTTP commands → Axon aggregates → PostgreSQL event store. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(CreditcastProperties.class)
public class CommandServiceApplication {
    public static void main(String[] args) {
        System.setProperty("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
