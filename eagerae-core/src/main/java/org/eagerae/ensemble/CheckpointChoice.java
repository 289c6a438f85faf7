package org.eagerae.ensemble;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eagerae.InvalidInputException;
import org.eagerae.train.EpochRecord;

/**
 * The checkpoint chosen for one member: by epoch, or by time budget (the latest checkpoint whose
 * cumulative training time fits), as the paper does when it "picks an older model".
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
        if (!(budgetSeconds > 0)) {
            throw new InvalidInputException("--budget must be a positive number of seconds, got " + budgetSeconds);
        }
        List<CheckpointChoice> out = new ArrayList<>();
        for (Map.Entry<Integer, List<EpochRecord>> member : byMember(run).entrySet()) {
            EpochRecord best = null;
            for (EpochRecord r : member.getValue()) {
                if (r.elapsedSeconds() <= budgetSeconds) {
                    best = r;
                }
            }
            if (best == null) {
                EpochRecord first = member.getValue().get(0);
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "budget %.2f s is shorter than member %d's first epoch (%.2f s) in %s", budgetSeconds,
                        member.getKey(), first.elapsedSeconds(), run.root()));
            }
            out.add(new CheckpointChoice(best, run.checkpoint(best.member(), best.epoch())));
        }
        return out;
    }

    /** For every member, its checkpoint after {@code epoch}; an error if a member stopped earlier. */
    public static List<CheckpointChoice> forEpoch(RunDirectory run, int epoch) {
        List<CheckpointChoice> out = new ArrayList<>();
        for (Map.Entry<Integer, List<EpochRecord>> member : byMember(run).entrySet()) {
            List<EpochRecord> rows = member.getValue();
            if (epoch < 1 || epoch > rows.size()) {
                throw new InvalidInputException("member " + member.getKey() + " of " + run.root() + " has epochs 1.."
                        + rows.size() + ", not " + epoch);
            }
            EpochRecord r = rows.get(epoch - 1);
            out.add(new CheckpointChoice(r, run.checkpoint(r.member(), r.epoch())));
        }
        return out;
    }

    /** For every member, its last checkpoint. */
    public static List<CheckpointChoice> last(RunDirectory run) {
        List<CheckpointChoice> out = new ArrayList<>();
        for (List<EpochRecord> rows : byMember(run).values()) {
            EpochRecord r = rows.get(rows.size() - 1);
            out.add(new CheckpointChoice(r, run.checkpoint(r.member(), r.epoch())));
        }
        return out;
    }

    private static Map<Integer, List<EpochRecord>> byMember(RunDirectory run) {
        Map<Integer, List<EpochRecord>> members = new TreeMap<>();
        for (EpochRecord r : run.readMetrics()) {
            members.computeIfAbsent(r.member(), k -> new ArrayList<>()).add(r);
        }
        if (members.isEmpty()) {
            throw new InvalidInputException(run.root() + " has no finished epochs in metrics.csv");
        }
        return members;
    }
}
