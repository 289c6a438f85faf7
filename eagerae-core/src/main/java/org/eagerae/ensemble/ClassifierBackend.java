package org.eagerae.ensemble;

import java.util.Map;
import java.util.Optional;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;

/**
 * Where {@code classify} computes each member's activations, principal components and heads: in this process
 * ({@code inline}, no {@link #elsewhere()}), or on a backend that offers {@link Backend#memberClassifiers()} ({@code spark}),
 * opened here and closed with this.
 */
public final class ClassifierBackend implements AutoCloseable {

    private final Backend backend;
    private final MemberClassifiers elsewhere;

    private ClassifierBackend(Backend backend, MemberClassifiers elsewhere) {
        this.backend = backend;
        this.elsewhere = elsewhere;
    }

    /**
     * The backend {@code name} with its {@code settings} (for {@code spark}: Spark's, as {@code spark.master}); this
     * process when none is named.
     *
     * @throws InvalidInputException an unknown backend, one that trains autoencoders only ({@code processes}), or
     *                               settings for this process
     */
    public static ClassifierBackend open(Optional<BackendName> name, Map<String, String> settings) {
        Execution execution = new Execution(name.orElse(Execution.inline().backend()), Training.cores(), settings);
        if (execution.isInline()) {
            if (!settings.isEmpty()) {
                throw new InvalidInputException("backend settings " + settings.keySet() + " need a backend other than inline");
            }
            return new ClassifierBackend(null, null);
        }
        Backend opened = Backends.open(execution);
        Optional<MemberClassifiers> elsewhere = opened.memberClassifiers();
        if (elsewhere.isEmpty()) {
            opened.close();
            throw new InvalidInputException("backend " + execution.backend() + " trains autoencoders only; classifiers run on inline or spark");
        }
        return new ClassifierBackend(opened, elsewhere.get());
    }

    /** Where the members' parts run; empty for this process. */
    public Optional<MemberClassifiers> elsewhere() {
        return Optional.ofNullable(elsewhere);
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }
}
