package io.creditcast.ledger.account;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the postings of one transaction and guarantees the double-entry invariant: they sum to zero.
 * Zero-amount legs (e.g. a fee of 0) are dropped rather than written.
 */
public final class Postings {
    private final List<Posting> legs = new ArrayList<>(4);

    private Postings() {}

    public static Postings transfer(AccountId from, AccountId to, Credits amount) {
        return new Postings().debit(from, amount).credit(to, amount);
    }

    public static Postings builder() {
        return new Postings();
    }

    public Postings debit(AccountId account, Credits amount) {
        if (!amount.isZero()) {
            legs.add(Posting.debit(account, amount));
        }
        return this;
    }

    public Postings credit(AccountId account, Credits amount) {
        if (!amount.isZero()) {
            legs.add(Posting.credit(account, amount));
        }
        return this;
    }

    /** The legs, checked to balance; a builder that does not balance is a programming error. */
    public List<Posting> balanced() {
        assertBalanced(legs);
        if (legs.size() < 2) {
            throw new IllegalStateException("a transaction needs at least two legs: " + legs);
        }
        return List.copyOf(legs);
    }

    public static void assertBalanced(List<Posting> postings) {
        long sum = 0;
        for (Posting p : postings) {
            sum = Math.addExact(sum, p.amountMinor());
        }
        if (sum != 0) {
            throw new IllegalStateException("postings do not sum to zero (" + sum + "): " + postings);
        }
    }

    /** The signed change the postings make to one account. */
    public static long netChange(List<Posting> postings, AccountId account) {
        long sum = 0;
        for (Posting p : postings) {
            if (p.accountId().equals(account)) {
                sum += p.amountMinor();
            }
        }
        return sum;
    }
}
