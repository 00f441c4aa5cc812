package io.creditcast.reliability.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL, the command service and (when its jar is given) the query service as separate processes,
 * started once per run and killed at will; plus a local Stripe stub the command service's checkout talks to.
 */
public final class Stack implements AutoCloseable {
    private final PostgresProcess postgres;
    private final StripeStub stripe;
    private final CommandServiceProcess commandService;
    private final QueryServiceProcess queryService;

    private Stack(
            PostgresProcess postgres,
            StripeStub stripe,
            CommandServiceProcess commandService,
            QueryServiceProcess queryService) {
        this.postgres = postgres;
        this.stripe = stripe;
        this.commandService = commandService;
        this.queryService = queryService;
    }

    /**
     * @param queryServiceJar the query service's exec jar, or {@code null} to run without read models
     *     (then the rebuild campaign and the crash campaign's read-model checks are skipped)
     */
    public static Stack start(
            Path workDirectory, Path commandServiceJar, Path queryServiceJar, List<String> serviceArguments) {
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresProcess postgres = PostgresProcess.create(workDirectory);
        postgres.start();
        StripeStub stripe = StripeStub.start();
        List<String> commandArguments = new ArrayList<>(serviceArguments);
        commandArguments.addAll(stripe.serviceArguments());
        CommandServiceProcess service = new CommandServiceProcess(
                commandServiceJar,
                workDirectory.resolve("command-service.log"),
                postgres.jdbcUrl(),
                postgres.user(),
                commandArguments);
        QueryServiceProcess query = queryServiceJar == null
                ? null
                : new QueryServiceProcess(
                        queryServiceJar,
                        workDirectory.resolve("query-service.log"),
                        postgres.jdbcUrl(),
                        postgres.user());
        Stack stack = new Stack(postgres, stripe, service, query);
        try {
            // the command service first: its migrations create the event store the query service reads
            service.start();
            if (query != null) {
                query.start();
            }
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        // a harness that dies must not leave a PostgreSQL or a service behind
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "reliability-stack-stop"));
        return stack;
    }

    public PostgresProcess postgres() {
        return postgres;
    }

    public CommandServiceProcess commandService() {
        return commandService;
    }

    /** Whether a query service runs in this stack. */
    public boolean hasQueryService() {
        return queryService != null;
    }

    public QueryServiceProcess queryService() {
        if (queryService == null) {
            throw new IllegalStateException("this stack runs no query service (no --query-jar given)");
        }
        return queryService;
    }

    @Override
    public synchronized void close() {
        if (queryService != null) {
            queryService.close();
        }
        commandService.close();
        stripe.close();
        postgres.close();
    }
}
