package io.creditcast.command.stream;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Wiring of the stream feature. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamIngestProperties.class)
public class StreamConfiguration {}
