package org.eagerae.ensemble;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eagerae.classify.ValidationProbe;
import org.eagerae.io.AtomicFiles;

/**
 * One member's probe scores of one epoch as its own process computed them from its validation pass
 * ({@code probe-NNN.bin} in the member's folder): the out-of-fold class scores, their accuracy and the
 * seconds the probe took there. Binary, big-endian: a tag, the epoch, the images and classes, the
 * accuracy, the seconds, then the scores. A file that is missing, damaged or made for another probe (other
 * image or class counts) reads as nothing, and the member's checkpoint is scored instead.
 */
final class MemberProbeFile {

    private static final int TAG = 0x45504231; // "EPB1"

    private MemberProbeFile() {}

    /** Writes a member's scores of {@code epoch} to {@code file}, atomically. */
    static void write(Path file, int epoch, int images, ValidationProbe.MemberScores scores, double seconds) {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(stream));
            out.writeInt(TAG);
            out.writeInt(epoch);
            out.writeInt(images);
            out.writeInt(scores.scores().length / images);
            out.writeDouble(scores.accuracy());
            out.writeDouble(seconds);
            for (double s : scores.scores()) {
                out.writeDouble(s);
            }
            out.flush();
        });
    }

    /** The scores of {@code epoch} in {@code file} for {@code probe}, if the file holds them. */
    static Optional<ProbeReplay.Scored> read(Path file, int epoch, ValidationProbe probe) {
        try (InputStream stream = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream));
            int length = probe.images() * probe.classes();
            if (in.readInt() != TAG || in.readInt() != epoch || in.readInt() != probe.images() || in.readInt() != probe.classes()) {
                return Optional.empty();
            }
            double accuracy = in.readDouble();
            double seconds = in.readDouble();
            double[] scores = new double[length];
            for (int i = 0; i < length; i++) {
                scores[i] = in.readDouble();
            }
            if (in.read() != -1) {
                return Optional.empty();
            }
            return Optional.of(new ProbeReplay.Scored(new ValidationProbe.MemberScores(scores, accuracy), seconds));
        } catch (IOException e) { // not there, or cut short: the checkpoint is scored instead
            return Optional.empty();
        }
    }
}
