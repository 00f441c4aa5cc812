package io.creditcast.reliability.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The command service's exec jar on the harness's PostgreSQL (Spring's datasource settings). */
public final class CommandServiceProcess extends ServiceProcess {

    /**
     * @param arguments extra {@code --name=value} Spring arguments (e.g. rate limits for a campaign)
     */
    public CommandServiceProcess(Path jar, Path logFile, String jdbcUrl, String dbUser, List<String> arguments) {
        super(
                "command-service",
                jar,
                logFile,
                Map.of(
                        "SPRING_DATASOURCE_URL",
                        jdbcUrl,
                        "SPRING_DATASOURCE_USERNAME",
                        dbUser,
                        "SPRING_DATASOURCE_PASSWORD",
                        "unused",
                        "AXONIQ_UPDATE_CHECKER_DISABLED",
                        "true"),
                arguments);
    }
}
