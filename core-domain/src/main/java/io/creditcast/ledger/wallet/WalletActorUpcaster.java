package io.creditcast.ledger.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Revision 1 (no revision) → 2 of the deposit, refund, chargeback and chargeback-reversal events: adds
 * {@code actor} = {@value WalletEvent#ACTOR_UNRECORDED}, since who caused them was not recorded then. It lives with
 * the events (a shipped event's contract): every reader of the store registers it, the command side and the read
 * models alike.
 */
public final class WalletActorUpcaster extends SingleEventUpcaster {
    public static final Set<String> TYPES = Set.of(
            WalletEvent.CreditsDeposited.class.getName(),
            WalletEvent.DepositRefunded.class.getName(),
            WalletEvent.ChargebackRecorded.class.getName(),
            WalletEvent.ChargebackReversed.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().getRevision() == null
                && TYPES.contains(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(representation.getType().getName(), WalletEvent.ACTOR_REVISION),
                JsonNode.class,
                payload -> {
                    if (payload instanceof ObjectNode object && !object.has("actor")) {
                        object.put("actor", WalletEvent.ACTOR_UNRECORDED);
                    }
                    return payload;
                });
    }
}
