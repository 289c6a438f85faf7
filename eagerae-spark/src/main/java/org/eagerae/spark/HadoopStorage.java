package org.eagerae.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.run.RunDirectory;
import org.eagerae.io.AtomicFiles;
import org.eagerae.io.ScratchFolder;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;
import org.eagerae.train.MemberFolder;
import org.eagerae.train.MetricsFile;

/**
 * The members' files on a Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file://}):
 * a folder that mirrors the run folder's layout, so that executors need no path in common with
 * the driver. An executor copies its member's folder into a scratch run folder of its own, trains
 * there, and publishes each finished epoch: the checkpoint first, then the member's
 * {@code metrics.csv}, each written under a temporary name and renamed over the target, so that a
 * row on the storage always has its checkpoint there. A retry after a lost executor resumes from
 * what the storage holds. The driver pushes each member's files before its job and pulls them back
 * into the run folder when the job ends, and reads the members' rows from the storage for progress.
 * A stuck member's attempt set aside on an executor ({@code members/mNN.stuck-N/}) is set aside on
 * the storage too, by one rename of the member's folder, so that a retry resumes the right attempt
 * with its seed.
 *
 * <p>Renaming over a file is atomic on HDFS; on {@code file://} it deletes, then renames; on S3 a
 * rename is a copy and a delete, so a reader may see a file missing for a moment, never half of
 * one (checkpoints also carry their length and CRC32, checked on every read).
 */
final class HadoopStorage implements MemberStorage {

    private static final long serialVersionUID = 1L;
    private static final String TEMPORARY_PREFIX = ".";

    private final String base;
    private transient Configuration hadoop;

    /** @param base the folder's URI (with a scheme, e.g. {@code hdfs://namenode/eagerae/run-7}) */
    HadoopStorage(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public Checkout checkout(int member) throws IOException {
        ScratchFolder scratch = ScratchFolder.temporary("eagerae-member-" + member + "-", "member " + member + "'s files");
        RunDirectory local;
        try {
            local = RunDirectory.create(scratch.path().resolve("run"));
            pull(local, member);
        } catch (IOException | RuntimeException e) {
            scratch.close();
            throw e;
        }
        EpochListener publisher = new EpochListener() {
            @Override
            public void onStart(int k, int firstEpoch, int maxEpochs, int batches) {
                publishIfThere(local, local.member(k).metricsFile()); // a repaired folder's rows
            }

            @Override
            public void onEpoch(EpochRecord record) {
                MemberFolder folder = local.member(record.member());
                if (record.epoch() == 1) {
                    publishIfThere(local, folder.checkpoint(0)); // the initial weights, written as the member started
                    publishIfThere(local, folder.probeScores(0));
                }
                publishIfThere(local, folder.checkpoint(record.epoch()));
                publishIfThere(local, folder.probeScores(record.epoch())); // the eager stop's, where the run has one
                publishIfThere(local, folder.metricsFile());
            }

            @Override
            public void onRestart(int k, long seed, String reason) {
                setAside(local, k);
            }
        };
        return new Checkout(local, publisher, scratch);
    }

    @Override
    public void push(RunDirectory run, int member) throws IOException {
        FileSystem fs = fileSystem();
        for (Path dir : foldersOnStorage(run, member)) {
            fs.delete(remote(run, dir), true);
        }
        for (Path local : localFolders(run, member)) {
            try (Stream<Path> files = Files.list(local)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !AtomicFiles.isTemporary(f)).toList()) {
                    publish(run, file);
                }
            }
        }
    }

    /**
     * Makes the run folder hold the member's folders (its current one and those set aside as stuck)
     * as the storage has them: every file copied atomically, then what the storage no longer has
     * (an attempt's files that a restart on an executor set aside) removed.
     */
    @Override
    public void pull(RunDirectory run, int member) throws IOException {
        FileSystem fs = fileSystem();
        List<Path> kept = foldersOnStorage(run, member);
        for (Path localDir : kept) {
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(remote(run, localDir))) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith(TEMPORARY_PREFIX)) {
                    byte[] bytes = read(status.getPath());
                    AtomicFiles.write(localDir.resolve(name), out -> out.write(bytes));
                    names.add(name);
                }
            }
            if (Files.isDirectory(localDir)) {
                try (Stream<Path> files = Files.list(localDir)) {
                    for (Path file : files.filter(Files::isRegularFile).filter(f -> !names.contains(f.getFileName().toString())).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
        for (Path local : localFolders(run, member)) {
            if (!kept.contains(local)) {
                AtomicFiles.deleteTree(local);
            }
        }
    }

    @Override
    public int restarts(RunDirectory run, int member) throws IOException {
        int n = 0;
        while (fileSystem().exists(remote(run, run.stuckAttempt(member, n + 1)))) {
            n++;
        }
        return n;
    }

    @Override
    public List<EpochRecord> rows(RunDirectory run, int member) throws IOException {
        org.apache.hadoop.fs.Path file = remote(run, run.member(member).metricsFile());
        if (!fileSystem().exists(file)) {
            return List.of();
        }
        Path copy = Files.createTempFile("eagerae-metrics-", ".csv");
        try {
            Files.write(copy, read(file));
            return new ArrayList<>(MetricsFile.readPrefix(copy).rows());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Override
    public String describe() {
        return base;
    }

    /**
     * On the storage, sets the member's folder aside as its latest stuck attempt, as the executor's
     * run folder just did: one rename of the folder (atomic on HDFS and local file systems).
     */
    private void setAside(RunDirectory local, int member) {
        try {
            org.apache.hadoop.fs.Path target = remote(local, local.stuckAttempt(member, local.stuckAttempts(member).size()));
            org.apache.hadoop.fs.Path current = remote(local, local.member(member).dir());
            fileSystem().mkdirs(target.getParent());
            if (!fileSystem().rename(current, target)) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set member " + member + "'s stuck attempt aside on " + base, e);
        }
    }

    /** The member's folders in the run folder: its current one (if there) and those set aside as stuck, oldest first. */
    private static List<Path> localFolders(RunDirectory run, int member) {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(run.member(member).dir())) {
            out.add(run.member(member).dir());
        }
        run.stuckAttempts(member).forEach(f -> out.add(f.dir()));
        return out;
    }

    /**
     * The member's folders that the storage holds, as run folder paths: its current one (if there)
     * and those set aside as stuck, oldest first.
     */
    private List<Path> foldersOnStorage(RunDirectory run, int member) throws IOException {
        List<Path> out = new ArrayList<>();
        if (fileSystem().exists(remote(run, run.member(member).dir()))) {
            out.add(run.member(member).dir());
        }
        for (int n = 1; fileSystem().exists(remote(run, run.stuckAttempt(member, n))); n++) {
            out.add(run.stuckAttempt(member, n));
        }
        return out;
    }

    /** Where a file of the run folder lies on the storage: the same path, relative to the folder. */
    private org.apache.hadoop.fs.Path remote(RunDirectory run, Path local) {
        String relative = run.root().toAbsolutePath().relativize(local.toAbsolutePath()).toString().replace(File.separatorChar, '/');
        return new org.apache.hadoop.fs.Path(base + "/" + relative);
    }

    private void publishIfThere(RunDirectory run, Path file) {
        if (Files.exists(file)) {
            try {
                publish(run, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish " + file.getFileName() + " to " + base, e);
            }
        }
    }

    /** Copies a file of the run folder to the storage under a temporary name, then renames it over its place there. */
    private void publish(RunDirectory run, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        org.apache.hadoop.fs.Path target = remote(run, file);
        org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(target.getParent(),
                TEMPORARY_PREFIX + target.getName() + "." + UUID.randomUUID() + ".tmp");
        FileSystem fs = fileSystem();
        fs.mkdirs(target.getParent());
        try (FSDataOutputStream out = fs.create(temporary, false)) {
            out.write(bytes);
            out.hsync();
        }
        FileContext.getFileContext(target.toUri(), configuration()).rename(temporary, target, Options.Rename.OVERWRITE);
    }

    private byte[] read(org.apache.hadoop.fs.Path file) throws IOException {
        try (InputStream in = fileSystem().open(file)) {
            return in.readAllBytes();
        }
    }

    /**
     * Refuses, in seconds, a storage whose scheme no file system here serves, or whose file system
     * does not answer (Hadoop's clients would otherwise retry a connection for a minute or more).
     *
     * @throws InvalidInputException naming the storage and what went wrong
     */
    void requireReachable() {
        Configuration quick = new Configuration(configuration());
        quick.setInt("ipc.client.connect.max.retries", 0);
        quick.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
        quick.setInt("ipc.client.connect.timeout", 5000);
        quick.setInt("fs.s3a.attempts.maximum", 1);
        quick.setInt("fs.s3a.retry.limit", 1);
        quick.setBoolean("fs.hdfs.impl.disable.cache", true);
        try (FileSystem fs = FileSystem.newInstance(URI.create(base), quick)) {
            fs.exists(new org.apache.hadoop.fs.Path(base));
        } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            throw new InvalidSettingException(SparkSettings.STORAGE, SparkSettings.STORAGE + " " + base + ": no Hadoop file system here serves its scheme (" + e.getMessage()
                    + "); use hdfs://, file:// or s3a:// (with hadoop-aws on the class path)");
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceFirst(";\\s*For more details see.*", "");
            throw new InvalidSettingException(SparkSettings.STORAGE, SparkSettings.STORAGE + " " + base + " cannot be reached: " + why);
        }
    }

    private FileSystem fileSystem() throws IOException {
        return FileSystem.get(URI.create(base), configuration());
    }

    private synchronized Configuration configuration() {
        if (hadoop == null) {
            hadoop = new Configuration();
        }
        return hadoop;
    }
}
