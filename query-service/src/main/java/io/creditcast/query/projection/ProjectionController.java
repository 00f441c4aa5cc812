package io.creditcast.query.projection;

import io.creditcast.query.projection.ProjectionAdmin.Status;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Admin: projection status (position, head, progress) and rebuild by replay. */
@RestController
@RequestMapping("/api/v1/admin/projections")
public class ProjectionController {
    private final ProjectionAdmin admin;
    private final ProjectionFaults faults;

    public ProjectionController(ProjectionAdmin admin, ProjectionFaults faults) {
        this.admin = admin;
        this.faults = faults;
    }

    @Operation(summary = "Every projection with its position, the store's head and progress")
    @GetMapping
    public Mono<List<Status>> all() {
        return Mono.fromCallable(admin::statuses).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{name}")
    public Mono<Status> one(@PathVariable String name) {
        return Mono.fromCallable(() -> admin.status(name)).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(
            summary = "Reliability harness only (404 unless creditcast.query.fault-injection.enabled): interrupt the"
                    + " projection's processor thread, make it die of an Error at its next replayed event (crash),"
                    + " or disarm that (clear)")
    @PostMapping("/{name}/faults/{kind}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<ProjectionFaults.Injected> injectFault(@PathVariable String name, @PathVariable String kind) {
        ProjectionFaults.Kind parsed =
                switch (kind) {
                    case "interrupt" -> ProjectionFaults.Kind.INTERRUPT;
                    case "crash" -> ProjectionFaults.Kind.CRASH;
                    case "clear" -> ProjectionFaults.Kind.CLEAR;
                    default ->
                        throw new ApiException(
                                ProblemTypes.NOT_FOUND, "no fault named " + kind + "; known: interrupt, crash, clear");
                };
        return Mono.fromCallable(() -> {
                    admin.requireKnown(name);
                    return faults.inject(name, parsed);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Rebuild one projection from the event store; poll its status for progress")
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Status> replay(@PathVariable String name) {
        return Mono.fromCallable(() -> admin.replay(name)).subscribeOn(Schedulers.boundedElastic());
    }
}
