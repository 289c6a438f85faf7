package org.eagerae.classify;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.train.Checkpoint;

/**
 * One member's part of the classifier phase, as {@link Classification} hands it to {@link MemberClassifiers} that run it
 * away from the classification (on a cluster's executor, say): the member's activations of every split from its
 * checkpoint, their principal components, and the member's own heads. Everything it needs besides the run's model, the
 * images and the classifier settings travels with it.
 *
 * @param member      the member
 * @param members     how many members the classification reads
 * @param checkpoint  the bytes of the member's chosen checkpoint file
 * @param source      where that file lies, for messages
 * @param heads       the member's heads to train, in order ({@code single}, and on member 0 {@code head-vote}'s other heads)
 * @param forStacking whether the stacked head needs what the member gives it ({@link MemberHeads.ForStacking})
 */
public record MemberClassifierJob(int member, int members, byte[] checkpoint, String source, List<ClassifierTask> heads,
        boolean forStacking) implements Serializable {

    private static final long serialVersionUID = 1L;

    public MemberClassifierJob {
        heads = List.copyOf(heads);
    }

    /** The member's checkpoint, read from the bytes that travelled with the job. */
    public Checkpoint read() {
        return Checkpoint.of(checkpoint, Path.of(source));
    }
}
