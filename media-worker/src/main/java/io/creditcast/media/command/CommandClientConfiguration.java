package io.creditcast.media.command;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command-side client and the ordered fact reporter. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandClientProperties.class)
public class CommandClientConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MediaCommandClient mediaCommandClient(
            CommandClientProperties properties, ObjectProvider<BearerTokenSupplier> tokens) {
        return new HttpMediaCommandClient(properties, tokens.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    FactReporter factReporter(MediaCommandClient client, CommandClientProperties properties) {
        return new FactReporter(
                client, properties.factAttempts(), properties.factInitialBackoff(), properties.factQueueCapacity());
    }
}
