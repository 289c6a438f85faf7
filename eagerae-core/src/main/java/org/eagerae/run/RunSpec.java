package org.eagerae.run;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.eagerae.InvalidSettingException;
import org.eagerae.data.DataSource;
import org.eagerae.data.DataSplit;
import org.eagerae.data.UnlabelledImages;
import org.eagerae.model.CaeSpec;
import org.eagerae.train.TrainingOptions;

/**
 * Everything that decides a run's numbers, stored in {@code run.json} so that every backend,
 * every worker, a resumed run and later commands see exactly the same settings. How one
 * invocation runs the members (backend, workers) is not part of it: see {@link Execution}.
 *
 * @param data     where the images come from and how they are split
 * @param model    the autoencoder architecture
 * @param members  number of autoencoders K (1 = the monolithic model)
 * @param seed     the run's seed; members' seeds are drawn from it up front ({@link #memberSeed})
 * @param training optimiser settings, epoch cap, stopping rule and bootstrap
 * @param threads  intra-op threads of the engine that trains a member: the same seed and thread
 *                 count give the same numbers bit for bit, on any backend
 * @param unlabelled images without labels that the autoencoders train on too ({@link #autoencoderData}); null = none, as
 *                   {@code run.json} files written before the setting existed read
 */
public record RunSpec(DataSource data, CaeSpec model, int members, long seed, TrainingOptions training, int threads,
        UnlabelledImages unlabelled) {

    public RunSpec {
        if (data == null || model == null || training == null) {
            throw new IllegalArgumentException("a run needs its data, model and training options");
        }
        InvalidSettingException.require(members >= 1, "members", "must be >= 1", members);
        InvalidSettingException.require(threads >= 1, "threads", "must be >= 1", threads);
    }

    /** A run without unlabelled images. */
    public RunSpec(DataSource data, CaeSpec model, int members, long seed, TrainingOptions training, int threads) {
        this(data, model, members, seed, training, threads, null);
    }

    /** These settings with the autoencoders also training on {@code images} (null = none). */
    public RunSpec withUnlabelled(UnlabelledImages images) {
        return new RunSpec(data, model, members, seed, training, threads, images);
    }

    /**
     * The images the autoencoders train and validate on: {@code labelled} (the run's split), with the unlabelled images added
     * to its training and validation images when the run has them (held out with the split's seed).
     */
    public DataSplit autoencoderData(DataSplit labelled) {
        return unlabelled == null ? labelled : unlabelled.addTo(labelled, data.splitSeed());
    }

    /**
     * The images the classifiers learn from: the run's split, whose labelled images alone they train and early-stop on; when
     * the run has unlabelled images, those the autoencoders trained on are also among the images the classifiers' unsupervised
     * steps read (standardisation, principal components, label spreading), without labels
     * ({@link UnlabelledImages#addUnsupervisedTo}). Every call reads the images anew and checks the unlabelled ones against
     * their checksum.
     *
     * @throws org.eagerae.InvalidInputException when the data or the unlabelled images are missing or not what the run recorded
     */
    public DataSplit loadClassifierData() {
        DataSplit labelled = data.load();
        return unlabelled == null ? labelled : unlabelled.addUnsupervisedTo(labelled, data.splitSeed());
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

    /**
     * The seed of member {@code k}'s attempt {@code attempt} (0 = its first, {@link #memberSeed}; each
     * restart of a stuck member is a further attempt): draw number {@code attempt x members + k} of the
     * same stream, so every attempt's seed depends on the member and the attempt alone.
     */
    public long memberSeed(int k, int attempt) {
        return memberSeed(attempt * members + k);
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
