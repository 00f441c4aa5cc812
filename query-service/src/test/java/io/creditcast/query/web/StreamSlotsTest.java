package io.creditcast.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Long-lived streams per instance: every one up to the limit opens; one past it is refused before anything opens. */
class StreamSlotsTest {
    static final int LIMIT = 3;
    final StreamSlots slots = new StreamSlots("status event streams", LIMIT);
    final AtomicInteger opened = new AtomicInteger();

    Flux<String> endless() {
        opened.incrementAndGet();
        return Flux.never();
    }

    @Test
    void atTheLimitEveryStreamOpensAndOnePastItIs503WithoutOpeningAnything() {
        List<Disposable> clients = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            clients.add(slots.open(this::endless).subscribe());
        }
        assertThat(slots.open()).isEqualTo(LIMIT);
        assertThatThrownBy(() -> slots.open(this::endless))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemTypes.OVERLOADED))
                .hasMessageContaining("at most " + LIMIT);
        assertThat(opened).hasValue(LIMIT);

        clients.get(0).dispose(); // a client goes away: its slot is free again
        assertThat(slots.open()).isEqualTo(LIMIT - 1);
        clients.add(slots.open(this::endless).subscribe());
        assertThat(opened).hasValue(LIMIT + 1);
        clients.forEach(Disposable::dispose);
        assertThat(slots.open()).isZero();
    }

    @Test
    void aStreamThatEndsOrFailsGivesItsSlotBack() {
        slots.open(() -> Flux.just("a", "b")).blockLast();
        assertThatThrownBy(() -> slots.open(() -> Flux.<String>error(new IllegalStateException("listener lost")))
                        .blockLast())
                .hasMessageContaining("listener lost");
        assertThatThrownBy(() -> slots.open(() -> {
                    throw new IllegalStateException("could not open");
                }))
                .hasMessageContaining("could not open");
        assertThat(slots.open()).isZero();
    }

    @Test
    void aLimitBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> new StreamSlots("streams", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
