package org.eagerae.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.deploy.DeployMessages;
import org.apache.spark.deploy.master.RecoveryState;
import org.apache.spark.deploy.master.WorkerInfo;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.RpcTimeout;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag$;

/**
 * The master (or masters, with standby masters) of a standalone cluster, as a
 * {@code spark://HOST:PORT[,HOST:PORT...]} URL names them, asked before a run is written whether
 * it answers at all and whether any of its workers can start one executor of the size asked. Spark
 * itself would try an unreachable master for a minute and wait forever for executors no worker can
 * start.
 *
 * @param url       the master URL as given
 * @param addresses each master's host and port
 */
record StandaloneMaster(String url, List<InetSocketAddress> addresses) {

    /** How long the connection to each master may take; all of them together take at most twice this. */
    static final int CONNECT_MILLIS = 5000;
    /** The name under which a standalone master answers ({@code Master.ENDPOINT_NAME}). */
    private static final String ENDPOINT = "Master";

    /** The standalone master(s) that {@code master} names; empty for other cluster managers (yarn, k8s://, local...). */
    static Optional<StandaloneMaster> of(String master) {
        if (!master.startsWith("spark://")) {
            return Optional.empty();
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            try {
                addresses.add(InetSocketAddress.createUnresolved(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new InvalidSettingException(SparkSettings.MASTER, SparkSettings.MASTER + " " + master
                        + ": expected spark://HOST:PORT (or several HOST:PORT separated by commas)");
            }
        }
        return Optional.of(new StandaloneMaster(master, List.copyOf(addresses)));
    }

    /**
     * Refuses, within {@link #CONNECT_MILLIS} per master and at most twice that in all, a URL none
     * of whose masters accepts a connection.
     *
     * @throws InvalidInputException naming the master and why it did not answer
     */
    void requireAnswers() {
        List<String> failures = new ArrayList<>();
        int each = Math.max(1000, 2 * CONNECT_MILLIS / addresses.size());
        for (InetSocketAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), Math.min(each, CONNECT_MILLIS));
                return;
            } catch (IOException e) {
                failures.add(address.getHostString() + ":" + address.getPort() + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()) + ")");
            }
        }
        throw new InvalidSettingException(SparkSettings.MASTER, SparkSettings.MASTER + " " + url + ": no Spark master answers at "
                + String.join(", ", failures)
                + "; start one (scripts/spark-standalone.sh start) or correct the address");
    }

    /**
     * Refuses executors of {@code cores} cores and {@code memoryMb} MiB that no alive worker of the
     * cluster can start, saying what the workers have and what was asked.
     *
     * @param rpc the driver's RPC environment, through which the master is asked for its workers
     */
    void requireWorkerFor(RpcEnv rpc, int cores, int memoryMb) {
        List<WorkerInfo> workers = aliveWorkers(rpc);
        if (workers.stream().anyMatch(w -> w.cores() >= cores && w.memory() >= memoryMb)) {
            return;
        }
        String have = workers.isEmpty() ? "no alive worker"
                : workers.size() + " alive worker(s) with " + workers.stream().map(w -> w.cores() + " core(s) and " + w.memory() + " MiB")
                        .distinct().collect(Collectors.joining(", ")) + (workers.size() > 1 ? " at most" : "");
        throw new InvalidSettingException(SparkSettings.MASTER, SparkSettings.MASTER + " " + url + " has " + have
                + ", but each executor asks for " + cores
                + " core(s) (the run's threads: spark.executor.cores, spark.task.cpus) and " + memoryMb
                + " MiB (spark.executor.memory); ask for less, or start workers with more");
    }

    /** The alive workers the first master that answers knows. */
    private List<WorkerInfo> aliveWorkers(RpcEnv rpc) {
        RuntimeException last = null;
        for (InetSocketAddress address : addresses) {
            try {
                DeployMessages.MasterStateResponse state = rpc.setupEndpointRef(new RpcAddress(address.getHostString(), address.getPort()), ENDPOINT)
                        .askSync(DeployMessages.RequestMasterState$.MODULE$,
                                new RpcTimeout(FiniteDuration.apply(2L * CONNECT_MILLIS, TimeUnit.MILLISECONDS), "eagerae.masterState"),
                                ClassTag$.MODULE$.apply(DeployMessages.MasterStateResponse.class));
                if (state.status() == RecoveryState.ALIVE()) { // not a standby master
                    return Arrays.stream(state.workers()).filter(WorkerInfo::isAlive).toList();
                }
            } catch (RuntimeException e) { // a standby master, or one that went away
                last = e;
            }
        }
        throw new InvalidSettingException(SparkSettings.MASTER, SparkSettings.MASTER + " " + url + " did not say which workers it has"
                + (last == null ? ": no master there is the active one" : ": " + last.getMessage()));
    }
}
