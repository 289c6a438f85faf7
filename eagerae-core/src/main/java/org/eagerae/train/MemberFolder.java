package org.eagerae.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eagerae.InvalidInputException;
import org.eagerae.io.AtomicFiles;

/**
 * The files of one member of a run: a checkpoint per epoch ({@code epoch-NNN.params}), the
 * member's own {@code metrics.csv}, the source of truth for resuming, and for a run stopped by the
 * eager stop's probe its scores of each epoch ({@code probe-NNN.bin}). The run folder hands these
 * out (a run's {@code RunDirectory}); nothing else names the member's files.
 *
 * <p>An epoch is recorded as its checkpoint, then its row: a row always has its checkpoint
 * behind it, unless something outside damaged the folder, which {@link #recover} repairs.
 */
public final class MemberFolder {

    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dir;
    private final int member;

    /**
     * @param dir    the member's folder (created when first written)
     * @param member the member's index, which every row of its metrics must carry
     */
    public MemberFolder(Path dir, int member) {
        this.dir = dir;
        this.member = member;
    }

    /**
     * The member's state for resuming: the epochs it finished, oldest first, and the checkpoint
     * of the last of them (empty when there are none).
     */
    public record Resume(List<EpochRecord> epochs, Optional<Checkpoint> checkpoint) {}

    /** The member's index. */
    public int member() {
        return member;
    }

    /** The folder itself. */
    public Path dir() {
        return dir;
    }

    /** The checkpoint after an epoch. */
    public Path checkpoint(int epoch) {
        return dir.resolve(String.format("epoch-%03d.params", epoch));
    }

    /**
     * The eager stop's probe scores of the checkpoint after an epoch ({@code probe-NNN.bin}), written by the member's own
     * process from its validation pass before the epoch is recorded; only members of runs stopped by the probe have them.
     */
    public Path probeScores(int epoch) {
        return dir.resolve(String.format("probe-%03d.bin", epoch));
    }

    /** The member's {@code metrics.csv}. */
    public Path metricsFile() {
        return dir.resolve("metrics.csv");
    }

    /**
     * Every recorded epoch's row, oldest first. A damaged row is an {@link InvalidInputException}
     * naming the file: a line that does not parse, and a row that is not the member's next epoch
     * (a repeated epoch, one out of order, another member's), as {@link #recover} finds them.
     */
    public List<EpochRecord> epochs() {
        List<EpochRecord> rows = MetricsFile.read(metricsFile());
        int inOrder = inOrder(rows);
        if (inOrder < rows.size()) {
            throw new InvalidInputException(misplaced(rows, inOrder));
        }
        return rows;
    }

    /** How many rows, from the first, are this member's epochs 1, 2, 3, ... in order, once each. */
    private int inOrder(List<EpochRecord> rows) {
        int n = 0;
        while (n < rows.size() && rows.get(n).member() == member && rows.get(n).epoch() == n + 1) {
            n++;
        }
        return n;
    }

    /** What is wrong with row {@code i}, the first out of order. */
    private String misplaced(List<EpochRecord> rows, int i) {
        EpochRecord r = rows.get(i);
        return metricsFile() + ": the row after epoch " + i + " is member " + r.member() + "'s epoch " + r.epoch();
    }

    /** Reads and checks the checkpoint after an epoch; a missing or damaged one is an {@link InvalidInputException} naming it. */
    public Checkpoint readCheckpoint(int epoch) {
        Path file = checkpoint(epoch);
        Checkpoint checkpoint = Checkpoint.read(file);
        if (checkpoint.epoch() != epoch) {
            throw new Checkpoint.DamagedException(file, "it holds epoch " + checkpoint.epoch());
        }
        return checkpoint;
    }

    /**
     * Writes the member's initial weights as its epoch-0 checkpoint (atomically), before its first
     * epoch: the untrained encoder that a random-encoder baseline classifies with. It has no row in
     * {@code metrics.csv}; training never resumes from it, it starts again from the seed.
     */
    public void recordInitialWeights(Checkpoint initial) {
        if (initial.epoch() != 0) {
            throw new IllegalArgumentException("member " + member + ": initial weights are epoch 0, not " + initial.epoch());
        }
        initial.write(checkpoint(0));
    }

    /**
     * Records a finished epoch: its checkpoint (atomically), then its row. The row must be the
     * member's next epoch; otherwise nothing is written, not even the checkpoint.
     */
    public void record(EpochRecord row, Checkpoint checkpoint) {
        if (row.member() != member || row.epoch() != checkpoint.epoch()) {
            throw new IllegalArgumentException("member " + member + " cannot record member " + row.member() + "'s epoch "
                    + row.epoch() + " with the checkpoint of epoch " + checkpoint.epoch());
        }
        MetricsFile.requireNext(metricsFile(), row);
        checkpoint.write(checkpoint(row.epoch()));
        MetricsFile.append(metricsFile(), row);
    }

    /**
     * Brings the folder to a state training can continue from, and returns it: the rows before the
     * first damaged one (a line that does not parse, another member's row, an epoch out of order),
     * then back to the newest epoch whose checkpoint reads back whole. A damaged checkpoint is kept
     * aside under a new name, never deleted; the metrics file is rewritten with the rows kept, and
     * the temporary files of an interrupted write are removed. Each repair is one line to
     * {@code warnings}. Nothing changes in a folder that needs no repair.
     */
    public Resume recover(Consumer<String> warnings) {
        if (!Files.isDirectory(dir)) {
            return new Resume(List.of(), Optional.empty());
        }
        removeTemporaryFiles();
        MetricsFile.Prefix prefix = MetricsFile.readPrefix(metricsFile());
        int inOrder = inOrder(prefix.rows());
        List<EpochRecord> rows = new ArrayList<>(prefix.rows().subList(0, inOrder));
        Optional<String> damage = inOrder < prefix.rows().size() ? Optional.of(misplaced(prefix.rows(), inOrder)) : prefix.damage();
        damage.ifPresent(d -> warnings.accept(d + "; keeping epochs 1.." + rows.size() + " and training again from there"));
        Optional<Checkpoint> newest = Optional.empty();
        while (!rows.isEmpty() && newest.isEmpty()) {
            int epoch = rows.get(rows.size() - 1).epoch();
            Path file = checkpoint(epoch);
            try {
                newest = Optional.of(readCheckpoint(epoch));
            } catch (Checkpoint.DamagedException e) {
                Path aside = keepAside(file);
                warnings.accept(e.getMessage() + "; kept as " + aside.getFileName() + ", resuming from epoch " + (epoch - 1));
                rows.remove(rows.size() - 1);
            } catch (InvalidInputException missing) {
                warnings.accept(file + " is missing; resuming member " + member + " from epoch " + (epoch - 1));
                rows.remove(rows.size() - 1);
            }
        }
        if (damage.isPresent() || !rows.equals(prefix.rows())) {
            MetricsFile.write(metricsFile(), rows);
        }
        return new Resume(List.copyOf(rows), newest);
    }

    private Path keepAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + LocalDateTime.now().format(ASIDE_STAMP));
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + ".damaged-" + LocalDateTime.now().format(ASIDE_STAMP) + "-" + n);
        }
        try {
            AtomicFiles.move(file, aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the damaged " + file + " aside", e);
        }
        return aside;
    }

    private void removeTemporaryFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(AtomicFiles::isTemporary).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
    }
}
