package org.eagerae.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.train.EpochRecord;

/**
 * The checkpoint chosen for one member: by epoch number, or by time budget (the latest checkpoint
 * whose cumulative training time fits), as the paper does when it "picks an older model". Epochs
 * come from each member's own {@code metrics.csv} and are found by their number, never by row
 * position. Members without a finished epoch (failed at once) are left out.
 *
 * @param record     the chosen epoch's metrics row
 * @param checkpoint the checkpoint file
 */
public record CheckpointChoice(EpochRecord record, Path checkpoint) {

    /** member, epoch, elapsed seconds, validation loss, file. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%.3f,%.6f,%s", record.member(), record.epoch(), record.elapsedSeconds(),
                record.valLoss(), checkpoint);
    }

    /** For every member, the latest epoch whose elapsed training time is at most {@code budgetSeconds}. */
    public static List<CheckpointChoice> forBudget(RunDirectory run, double budgetSeconds) {
        InvalidSettingException.require(budgetSeconds > 0, "budgetSeconds", "must be a positive number of seconds", budgetSeconds);
        return choose(run, rows -> {
            Optional<EpochRecord> best = rows.stream().filter(r -> r.elapsedSeconds() <= budgetSeconds).reduce((a, b) -> b);
            if (best.isEmpty()) {
                throw new InvalidInputException(String.format(Locale.ROOT, "budget %.2f s is shorter than member %d's first epoch (%.2f s) in %s",
                        budgetSeconds, rows.get(0).member(), rows.get(0).elapsedSeconds(), run.root()));
            }
            return best.get();
        });
    }

    /**
     * For every member, the latest epoch that had ended {@code seconds} into the run's training on
     * the run's clock ({@link RunSchedule}): the ensemble as it stood at that time, however its
     * members were scheduled. An error when a member had no epoch by then, or when the run has no
     * schedule (trained before eagerae recorded one).
     */
    public static List<CheckpointChoice> atRunTime(RunDirectory run, double seconds) {
        RunSchedule schedule = run.readSchedule();
        if (schedule.isEmpty()) {
            throw new InvalidInputException(run.root() + " has no " + run.scheduleFile().getFileName()
                    + " (trained by an earlier eagerae): choose checkpoints by epoch or by each member's own time");
        }
        return choose(run, rows -> rows.stream()
                .filter(r -> schedule.end(r.member(), r.epoch()).orElse(Double.POSITIVE_INFINITY) <= seconds)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new InvalidInputException(String.format(Locale.ROOT,
                        "member %d of %s had not finished an epoch %.2f s into the run's training", rows.get(0).member(), run.root(), seconds))));
    }

    /** For every member, its checkpoint after epoch number {@code epoch}; an error if a member has no such epoch. */
    public static List<CheckpointChoice> forEpoch(RunDirectory run, int epoch) {
        return choose(run, rows -> rows.stream().filter(r -> r.epoch() == epoch).findFirst()
                .orElseThrow(() -> new InvalidInputException("member " + rows.get(0).member() + " of " + run.root() + " has epochs 1.."
                        + rows.get(rows.size() - 1).epoch() + ", not " + epoch)));
    }

    /** For every member, its last checkpoint. */
    public static List<CheckpointChoice> last(RunDirectory run) {
        return choose(run, rows -> rows.get(rows.size() - 1));
    }

    /** Applies {@code pick} to the epochs of every member that has any. */
    private static List<CheckpointChoice> choose(RunDirectory run, Function<List<EpochRecord>, EpochRecord> pick) {
        int members = run.readManifest().spec().members();
        List<CheckpointChoice> out = new ArrayList<>();
        for (int k = 0; k < members; k++) {
            List<EpochRecord> rows = run.member(k).epochs();
            if (!rows.isEmpty()) {
                EpochRecord r = pick.apply(rows);
                out.add(new CheckpointChoice(r, run.checkpoint(r.member(), r.epoch())));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(run.root() + " has no finished epochs");
        }
        return out;
    }

    /** Refuses a choice whose checkpoint file is missing, naming it: before any features are computed or classifiers trained. */
    public static void requirePresent(List<CheckpointChoice> choices) {
        for (CheckpointChoice c : choices) {
            if (!java.nio.file.Files.isRegularFile(c.checkpoint())) {
                throw new InvalidInputException(c.checkpoint() + ": missing checkpoint of member " + c.record().member() + " after epoch "
                        + c.record().epoch() + " (metrics.csv lists it; the run folder is incomplete)");
            }
        }
    }
}
