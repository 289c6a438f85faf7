package org.eagerae.models;

import java.util.Map;
import java.util.Optional;
import org.eagerae.InvalidInputException;
import org.eagerae.classify.MemberClassifiers;
import org.eagerae.ensemble.Backend;
import org.eagerae.ensemble.Backends;
import org.eagerae.ensemble.Training;
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
     * The backend {@code name} with its {@code settings} (for {@code spark}: Spark's, as {@code spark.master}).
     *
     * @throws InvalidInputException an unknown backend, or one that trains autoencoders only ({@code processes})
     */
    public static ClassifierBackend open(BackendName name, Map<String, String> settings) {
        if (name.equals(BackendName.INLINE)) {
            if (!settings.isEmpty()) {
                throw new InvalidInputException("backend settings " + settings.keySet() + " need a backend other than inline");
            }
            return new ClassifierBackend(null, null);
        }
        Backend opened = Backends.open(new Execution(name, Training.cores(), settings));
        Optional<MemberClassifiers> elsewhere = opened.memberClassifiers();
        if (elsewhere.isEmpty()) {
            opened.close();
            throw new InvalidInputException("backend " + name + " trains autoencoders only; classifiers run on inline or spark");
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
