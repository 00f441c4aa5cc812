package io.creditcast.command.metering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every wallet's pings go to one worker, within range, and the wallets spread over all workers. */
class MeteringBatcherPartitionTest {
    @Test
    void aWalletAlwaysGoesToTheSameWorkerAndWalletsSpreadOverAllOfThem() {
        int workers = 3;
        Map<Integer, Integer> perWorker = new HashMap<>();
        IntStream.range(0, 3_000).forEach(i -> {
            String wallet = "viewer-" + i;
            int worker = MeteringBatcher.workerOf(wallet, workers);
            assertThat(worker).isBetween(0, workers - 1);
            assertThat(MeteringBatcher.workerOf(wallet, workers)).isEqualTo(worker);
            perWorker.merge(worker, 1, Integer::sum);
        });
        assertThat(perWorker).hasSize(workers);
        perWorker.values().forEach(n -> assertThat(n).isBetween(800, 1_200));
        // a negative hash code still lands in range
        assertThat(MeteringBatcher.workerOf("polygenelubricants", workers)).isBetween(0, workers - 1);
    }
}
