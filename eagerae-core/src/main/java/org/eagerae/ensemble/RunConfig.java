package org.eagerae.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.eagerae.InvalidInputException;
import org.eagerae.data.DataSource;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.StoppingRule;
import org.eagerae.train.TrainingOptions;

/**
 * Everything that defines a training run, stored in {@code run.json} so that workers, a resumed
 * run and later commands see exactly the same settings.
 *
 * @param data      where the images come from and how they are split
 * @param spec      the autoencoder architecture
 * @param members   number of autoencoders K (1 = the monolithic model)
 * @param seed      the run's seed; members' seeds are drawn from it up front ({@link #memberSeed})
 * @param batchSize images per batch
 * @param learningRate Adam's step size
 * @param maxEpochs the epoch cap of every member
 * @param stop      the stopping rule as written after {@code --stop}
 * @param minDelta  relative improvement the {@code convergence} rule asks for
 * @param patience  epochs without improvement the {@code convergence} rule tolerates
 * @param bootstrap each member trains on its own bootstrap resample
 * @param backend   {@code inline} or {@code processes}
 * @param workers   worker processes (processes backend)
 * @param threads   intra-op threads per training process
 */
public record RunConfig(DataSource data, CaeSpec spec, int members, long seed, int batchSize, float learningRate,
        int maxEpochs, String stop, double minDelta, int patience, boolean bootstrap, String backend, int workers,
        int threads) {

    /** The backends that run member jobs. */
    public static final List<String> BACKENDS = List.of("inline", "processes");

    public RunConfig {
        if (members < 1) {
            throw new InvalidInputException("--members must be >= 1, got " + members);
        }
        if (!BACKENDS.contains(backend)) {
            throw new InvalidInputException("unknown --backend '" + backend + "'; use one of " + BACKENDS);
        }
        if (workers < 1 || threads < 1) {
            throw new InvalidInputException("--workers and --threads must be >= 1, got " + workers + " and " + threads);
        }
        trainingOptions(batchSize, learningRate, maxEpochs, stop, minDelta, patience, bootstrap);
    }

    private static TrainingOptions trainingOptions(int batchSize, float learningRate, int maxEpochs, String stop,
            double minDelta, int patience, boolean bootstrap) {
        return new TrainingOptions(batchSize, learningRate, maxEpochs, StoppingRule.parse(stop, minDelta, patience), bootstrap);
    }

    /** The validated training options. */
    public TrainingOptions trainingOptions() {
        return trainingOptions(batchSize, learningRate, maxEpochs, stop, minDelta, patience, bootstrap);
    }

    /**
     * The seed of member {@code k}: the k-th draw of a {@link SplittableRandom} seeded with the run's
     * seed. Drawn up front, so a member's seed depends on its index alone, not on scheduling.
     */
    public long memberSeed(int k) {
        SplittableRandom random = new SplittableRandom(seed);
        long s = 0;
        for (int i = 0; i <= k; i++) {
            s = random.nextLong();
        }
        return s;
    }

    /** One job per member, in member order. */
    public List<MemberJob> jobs() {
        List<MemberJob> jobs = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            jobs.add(new MemberJob(k, memberSeed(k)));
        }
        return jobs;
    }
}
