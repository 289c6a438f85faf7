package org.eagerae.ensemble;

import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;
import org.eagerae.run.MemberJob;
import org.eagerae.run.MemberStatus;
import org.eagerae.run.RunDirectory;
import org.eagerae.run.RunSpec;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the members one after the other in the calling JVM: the paper's "one after the other".
 * The JVM's engine must run the run's intra-op thread count, which is set once, before the engine
 * starts ({@code ai.djl.pytorch.num_threads}); a run that needs another count is refused.
 */
public final class InlineBackend implements Backend {

    /** How users give the main JVM more heap (the {@code eagerae} launcher reads it). */
    public static final String HEAP_SETTING = "EAGERAE_JAVA_OPTS=-Xmx8g";

    @Override
    public Execution execution() {
        return Execution.inline();
    }

    @Override
    public List<MemberStatus> run(RunDirectory run, RunSpec spec, List<MemberJob> jobs, EnsembleListener listener) {
        Engine.getInstance();
        int threads = JniUtils.getNumThreads();
        if (threads != spec.threads()) {
            throw new IllegalStateException("this JVM's engine runs " + threads + " intra-op threads but the run needs "
                    + spec.threads() + " (set ai.djl.pytorch.num_threads before the engine starts)");
        }
        MemberRunner runner = new MemberRunner(spec, spec.data().load(), HEAP_SETTING);
        List<MemberStatus> statuses = new ArrayList<>();
        for (MemberJob job : jobs) {
            MemberStatus status = runner.train(run, job, listener);
            statuses.add(status);
            listener.onMemberDone(status);
        }
        return statuses;
    }

    /** Registers this backend as {@code inline}. */
    public static final class Provider implements BackendProvider {
        @Override
        public BackendName name() {
            return BackendName.INLINE;
        }

        @Override
        public Backend open(Execution execution) {
            return new InlineBackend();
        }
    }
}
