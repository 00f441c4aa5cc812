package io.creditcast.query.ledger;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/** One posting leg of the journal, as served. */
public record JournalRow(
        long globalIndex,
        int leg,
        String transactionId,
        String entryType,
        String reference,
        String accountId,
        long amountMinor,
        Instant occurredAt) {

    static final String COLUMNS =
            "global_index, leg, transaction_id, entry_type, reference, account_id, amount_minor, occurred_at";

    static JournalRow from(Readable row) {
        return new JournalRow(
                row.get("global_index", Long.class),
                row.get("leg", Short.class),
                row.get("transaction_id", String.class),
                row.get("entry_type", String.class),
                row.get("reference", String.class),
                row.get("account_id", String.class),
                row.get("amount_minor", Long.class),
                row.get("occurred_at", OffsetDateTime.class).toInstant());
    }

    static final String CSV_HEADER =
            "global_index,leg,transaction_id,entry_type,reference,account_id,amount_minor,occurred_at\n";

    String csv() {
        return globalIndex + "," + leg + "," + Csv.cell(transactionId) + "," + Csv.cell(entryType) + ","
                + Csv.cell(reference) + "," + Csv.cell(accountId) + "," + amountMinor + "," + occurredAt + "\n";
    }
}
