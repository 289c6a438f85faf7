package org.eagerae.ensemble;

import java.util.List;
import java.util.ServiceLoader;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;

/** The backends on the class path, found through {@link BackendProvider} registrations. */
public final class Backends {

    private Backends() {}

    /** Opens the backend an execution names; an unknown name is an {@link InvalidSettingException} of {@code backend} listing the known ones. */
    public static Backend open(Execution execution) {
        return providers().stream()
                .filter(p -> p.name().equals(execution.backend()))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingException("backend", "unknown backend '" + execution.backend() + "'; use one of " + names()))
                .open(execution);
    }

    /** The names of the backends available. */
    public static List<BackendName> names() {
        return providers().stream().map(BackendProvider::name).toList();
    }

    private static List<BackendProvider> providers() {
        return ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
