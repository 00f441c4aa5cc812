package io.creditcast.reliability;

/**
 * Extension point for issue 7 §4, the rebuild campaign: drop every read model of the query service,
 * replay, and compare content hashes with the live-built ones (also with a processor thread killed
 * mid-replay). Not implemented: the query service's read models are being built in another branch right
 * now, and a campaign against read models that do not exist would be a fake.
 *
 * <p>When they land: add a {@code QueryServiceProcess} next to {@code CommandServiceProcess} (same
 * start/SIGKILL/health contract), let {@code Stack} start it against the same PostgreSQL, and implement
 * here: (1) after the crash campaign, wait until the query service's tracking tokens reach the event
 * store's max global index (bound: the convergence deadline of §1); (2) hash every read-model table
 * ({@code SELECT md5(string_agg(t::text, ',' ORDER BY <pk>))}); (3) trigger the documented reset/replay;
 * (4) SIGKILL the query service mid-replay, restart it; (5) hash again and compare; report as campaign
 * {@code rebuild} through {@code CheckReport}. Also fold balances from the event store with
 * {@code EventStoreChecker.balanceMinor} and compare with the balances read model.
 */
final class RebuildCampaign {
    private RebuildCampaign() {}
}
