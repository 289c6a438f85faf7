package org.eagerae.ensemble;

import java.util.ArrayList;
import java.util.List;

/** Trains the members one after the other in the calling JVM: the paper's "one after the other". */
public final class InlineBackend implements Backend {

    @Override
    public List<MemberStatus> run(RunDirectory run, RunConfig config, List<MemberJob> jobs, EnsembleListener listener) {
        MemberRunner runner = new MemberRunner(config, config.data().load());
        List<MemberStatus> statuses = new ArrayList<>();
        for (MemberJob job : jobs) {
            MemberStatus status = runner.train(run, job, listener);
            statuses.add(status);
            listener.onMemberDone(status);
        }
        return statuses;
    }
}
