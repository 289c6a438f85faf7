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
 * The entry point of a worker process: loads the run's data once, then trains the members it is
 * told to ({@code train K} lines on standard input, {@code exit} to stop) and reports progress as
 * {@link WorkerMessage} JSON lines on standard output. Anything else it prints goes to standard
 * error, which the coordinator keeps in the run's {@code logs/} folder.
 */
public final class WorkerMain {

    private WorkerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WorkerMain RUN_DIR");
            System.exit(2);
        }
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        RunDirectory run = RunDirectory.open(Path.of(args[0]));
        RunConfig config = run.readManifest().config();
        MemberRunner runner = new MemberRunner(config, config.data().load());
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
            if (!line.startsWith("train ")) {
                System.err.println("worker: ignoring unknown command '" + line + "'");
                continue;
            }
            MemberJob job = config.jobs().get(Integer.parseInt(line.substring(6).trim()));
            send(protocol, WorkerMessage.done(runner.train(run, job, reporter)));
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
