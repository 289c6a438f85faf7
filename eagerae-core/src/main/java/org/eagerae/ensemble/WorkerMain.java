package org.eagerae.ensemble;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eagerae.train.EpochListener;
import org.eagerae.train.EpochRecord;

/**
 * The entry point of a worker process: trains the members it is told to ({@code train RUN_DIR\tK}
 * lines on standard input, {@code exit} to stop), one at a time, and reports progress as
 * {@link WorkerMessage} JSON lines on standard output. The data of the latest run stays loaded,
 * so the next job on the same data starts at once. Anything else it prints goes to standard
 * error, which the coordinator keeps in the run's {@code logs/} folder.
 */
public final class WorkerMain {

    private WorkerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 0) {
            System.err.println("usage: WorkerMain (jobs come on standard input)");
            System.exit(2);
        }
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        EpochListener reporter = new EpochListener() {
            @Override
            public void onStart(int member, int firstEpoch, int maxEpochs, int batches) {
                send(protocol, WorkerMessage.start(member, firstEpoch, maxEpochs, batches));
            }

            @Override
            public void onBatch(int member, int epoch, int batch, int batches, double loss) {
                send(protocol, WorkerMessage.batch(member, epoch, batch, batches, loss));
            }

            @Override
            public void onEpoch(EpochRecord record) {
                send(protocol, WorkerMessage.epoch(record));
            }
        };
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            int tab = line.lastIndexOf('\t');
            if (!line.startsWith("train ") || tab < 0) {
                System.err.println("worker: ignoring unknown command '" + line + "'");
                continue;
            }
            RunDirectory run = RunDirectory.open(Path.of(line.substring(6, tab)));
            RunConfig config = run.readManifest().config();
            MemberJob job = config.jobs().get(Integer.parseInt(line.substring(tab + 1).trim()));
            MemberStatus status;
            try {
                status = new MemberRunner(config, config.data().load()).train(run, job, reporter);
            } catch (RuntimeException e) {
                status = MemberStatus.failed(job, 0, MemberRunner.describe(e));
            }
            send(protocol, WorkerMessage.done(status));
        }
    }

    private static void send(PrintStream protocol, WorkerMessage message) {
        try {
            protocol.println(RunDirectory.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
