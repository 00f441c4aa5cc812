package io.creditcast.reliability.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** PostgreSQL and the command service as two processes, started once per run and killed at will. */
public final class Stack implements AutoCloseable {
    private final PostgresProcess postgres;
    private final CommandServiceProcess commandService;

    private Stack(PostgresProcess postgres, CommandServiceProcess commandService) {
        this.postgres = postgres;
        this.commandService = commandService;
    }

    public static Stack start(Path workDirectory, Path commandServiceJar, List<String> serviceArguments) {
        try {
            Files.createDirectories(workDirectory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PostgresProcess postgres = PostgresProcess.create(workDirectory);
        postgres.start();
        CommandServiceProcess service = new CommandServiceProcess(
                commandServiceJar,
                workDirectory.resolve("command-service.log"),
                postgres.jdbcUrl(),
                postgres.user(),
                serviceArguments);
        try {
            service.start();
        } catch (RuntimeException e) {
            service.close();
            postgres.close();
            throw e;
        }
        Stack stack = new Stack(postgres, service);
        // a harness that dies must not leave a PostgreSQL or a command service behind
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "reliability-stack-stop"));
        return stack;
    }

    public PostgresProcess postgres() {
        return postgres;
    }

    public CommandServiceProcess commandService() {
        return commandService;
    }

    @Override
    public synchronized void close() {
        commandService.close();
        postgres.close();
    }
}
