package org.eagerae.train;

import java.util.Locale;

/**
 * One finished epoch of one member: a row of {@code metrics.csv}.
 *
 * @param member         member index
 * @param epoch          1-based epoch number
 * @param trainLoss      mean per-pixel squared error over the epoch's training batches
 * @param valLoss        mean per-pixel squared error on the validation split after the epoch
 * @param epochSeconds   wall-clock seconds of the epoch (training and validation)
 * @param elapsedSeconds the member's cumulative training seconds up to the end of this epoch
 */
public record EpochRecord(int member, int epoch, double trainLoss, double valLoss, double epochSeconds, double elapsedSeconds) {

    /** The CSV header line. */
    public static final String CSV_HEADER = "member,epoch,train_loss,val_loss,epoch_seconds,elapsed_seconds";

    /** This record as a CSV line (no newline); losses are written so that they read back exactly. */
    public String toCsv() {
        return member + "," + epoch + "," + trainLoss + "," + valLoss
                + String.format(Locale.ROOT, ",%.4f,%.4f", epochSeconds, elapsedSeconds);
    }

    /** Parses a line written by {@link #toCsv()}. */
    public static EpochRecord fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 6) {
            throw new IllegalArgumentException("metrics row needs 6 fields, got " + f.length + ": " + line);
        }
        EpochRecord r = new EpochRecord(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
        if (r.member() < 0 || r.epoch() < 1) {
            throw new IllegalArgumentException("metrics row has member " + r.member() + " and epoch " + r.epoch() + ": " + line);
        }
        return r;
    }
}
