package org.eagerae.ensemble;

import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;

/**
 * Makes a {@link Backend} from an {@link Execution} that names it. Registered with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.eagerae.ensemble.BackendProvider}),
 * so a module on the class path can add a backend that this module does not know.
 */
public interface BackendProvider {

    /** The name an {@link Execution} (and {@code --backend}) uses for this backend. */
    BackendName name();

    /** A backend for this execution; the caller closes it. */
    Backend open(Execution execution);
}
