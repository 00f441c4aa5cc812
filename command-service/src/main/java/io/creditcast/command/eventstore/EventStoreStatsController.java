package io.creditcast.command.eventstore;

import io.creditcast.command.web.CommandSender;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Event store size for auditors, operators and benchmarks. */
@RestController
@RequestMapping("/api/v1/admin/event-store")
@Tag(name = "audit")
public class EventStoreStatsController {
    private final JdbcTemplate jdbc;
    private final CommandSender commands;

    public EventStoreStatsController(JdbcTemplate jdbc, CommandSender commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    public record Stats(long eventsTotal, long maxGlobalIndex, long snapshotsTotal) {}

    @GetMapping("/stats")
    @Operation(summary = "Number of events and snapshots stored")
    public Mono<Stats> stats() {
        return commands.blocking(() -> jdbc.queryForObject(
                "SELECT (SELECT count(*) FROM domainevententry), (SELECT coalesce(max(globalindex), 0) FROM domainevententry),"
                        + " (SELECT count(*) FROM snapshotevententry)",
                (rs, i) -> new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3))));
    }
}
