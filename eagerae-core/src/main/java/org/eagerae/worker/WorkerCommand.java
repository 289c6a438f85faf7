package org.eagerae.worker;

import org.eagerae.run.RunSpec;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.eagerae.classify.ClassifierOptions;

/**
 * A message to a worker process: one JSON object per line on its standard input (see
 * {@link Protocol}). A job command carries a job id that every event of that job repeats, so
 * neither side can take one job's messages for another's. New kinds of job are new records here,
 * with their handling in {@link WorkerMain}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WorkerCommand.TrainMember.class, name = "train-member"),
    @JsonSubTypes.Type(value = WorkerCommand.FineTuneMember.class, name = "fine-tune-member"),
    @JsonSubTypes.Type(value = WorkerCommand.Shutdown.class, name = "shutdown")
})
public sealed interface WorkerCommand {

    /** A command that starts a job; the worker answers with events of this job and member, then its result. */
    sealed interface Job extends WorkerCommand {
        /** The job's id, unique among the jobs a worker pool sends. */
        long job();

        /** The member the job concerns. */
        int member();
    }

    /**
     * Train (or resume) one member of a run up to an epoch, reporting progress, then
     * {@link WorkerEvent.MemberDone}.
     *
     * @param job        the job's id
     * @param run        the run folder, as an absolute path
     * @param spec       the run's settings
     * @param member     the member to train
     * @param untilEpoch the last epoch to train (the member's stopping rule may end it sooner); the
     *                   run's epoch cap to train the member to its end
     */
    record TrainMember(long job, String run, RunSpec spec, int member, int untilEpoch) implements Job {}

    /**
     * Fine-tune one member's encoder with a classifier head end to end ({@link org.eagerae.classify.FineTuning}),
     * reporting each epoch, then {@link WorkerEvent.FineTuneDone}; the result is written to {@code output}.
     *
     * @param job        the job's id
     * @param spec       the run's settings (its data and architecture)
     * @param member     the member
     * @param checkpoint the member's checkpoint to start from, as an absolute path
     * @param settings   the fine-tuning settings
     * @param output     where the result goes (safetensors: the weights, the test probabilities under
     *                   {@link #TEST_PROBABILITIES} and the validation probabilities under {@link #VALIDATION_PROBABILITIES})
     */
    record FineTuneMember(long job, RunSpec spec, int member, String checkpoint, ClassifierOptions settings, String output) implements Job {
        /** The name of the test probabilities in the output. */
        public static final String TEST_PROBABILITIES = "test.probabilities";
        /** The name of the validation probabilities in the output. */
        public static final String VALIDATION_PROBABILITIES = "validation.probabilities";
    }

    /** Finish and exit; sent between jobs. */
    record Shutdown() implements WorkerCommand {}
}
