package io.creditcast.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.query.ledger.Csv;
import org.junit.jupiter.api.Test;

class ParamsTest {
    @Test
    void aPageSizeIsAcceptedAtTheCapAndRejectedOnePastAndAtZero() {
        assertThat(Params.pageSize(null, 50, 200, "limit")).isEqualTo(50);
        assertThat(Params.pageSize(200, 50, 200, "limit")).isEqualTo(200);
        assertThat(Params.pageSize(1, 50, 200, "limit")).isEqualTo(1);
        assertThatThrownBy(() -> Params.pageSize(201, 50, 200, "limit"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("limit"));
        assertThatThrownBy(() -> Params.pageSize(0, 50, 200, "limit")).isInstanceOf(ApiException.class);
    }

    @Test
    void aCursorRoundTripsAndAnythingElseIsRejectedOnTheCursorField() {
        Cursor c = new Cursor(123_456_789L, 2);
        assertThat(Cursor.decode(c.encode())).isEqualTo(c);
        assertThat(Cursor.decode(null)).isNull();
        for (String bad : new String[] {"x", "!!!", "ajE6MTI=", "ajE6LTE6MA", "a".repeat(65)}) {
            assertThatThrownBy(() -> Cursor.decode(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.errors().get(0).field()).isEqualTo("cursor"));
        }
    }

    @Test
    void anInvertedOrEmptyTimeRangeIsRejectedOnTo() {
        assertThatThrownBy(() -> Params.TimeRange.of("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Params.TimeRange.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
                .isInstanceOf(ApiException.class);
        assertThat(Params.TimeRange.of(null, null).from()).isNull();
    }

    @Test
    void aDayRangeOfExactlyTheMaximumIsAcceptedAndOneDayMoreIsNot() {
        assertThat(Params.DayRange.of("2026-01-01", "2026-01-10", 10).to()).hasToString("2026-01-10");
        assertThatThrownBy(() -> Params.DayRange.of("2026-01-01", "2026-01-11", 10))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertThat(Csv.cell("plain")).isEqualTo("plain");
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
    }
}
