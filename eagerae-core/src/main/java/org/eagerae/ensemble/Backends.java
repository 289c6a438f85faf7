package org.eagerae.ensemble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.run.BackendName;
import org.eagerae.run.Execution;

/**
 * The backends on the class path, found through {@link BackendProvider} registrations, and the backends that
 * ship with eagerae in modules of their own ({@link #MODULES}): those are named among the known backends even
 * when their module is not on this class path, since eagerae's launcher adds a module only when its backend is
 * asked for (Spark's jars slow every other command's start).
 */
public final class Backends {

    /** The backends of eagerae's own modules, by the module that provides each: {@code spark} in {@code eagerae-spark}. */
    public static final Map<BackendName, String> MODULES = Map.of(BackendName.of("spark"), "eagerae-spark");

    private Backends() {}

    /**
     * Opens the backend an execution names; an unknown name is an {@link InvalidSettingException} of {@code backend} listing the
     * known ones ({@link #known()}), and a backend of a module that is not on the class path one that names the module.
     */
    public static Backend open(Execution execution) {
        BackendName name = execution.backend();
        return providers().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> MODULES.containsKey(name)
                        ? new InvalidSettingException("backend", "backend '" + name + "' needs eagerae's module " + MODULES.get(name)
                                + " on the class path (eagerae's launcher adds it when the backend is named)")
                        : new InvalidSettingException("backend", "unknown backend '" + name + "'; use one of " + known()))
                .open(execution);
    }

    /** The names of the backends available: those on the class path. */
    public static List<BackendName> names() {
        return providers().stream().map(BackendProvider::name).toList();
    }

    /** The names of the backends known here: those on the class path, then those of eagerae's {@link #MODULES} that are not, by name. */
    public static List<BackendName> known() {
        List<BackendName> known = new ArrayList<>(names());
        MODULES.keySet().stream().filter(n -> !known.contains(n)).sorted(Comparator.comparing(BackendName::value)).forEach(known::add);
        return List.copyOf(known);
    }

    private static List<BackendProvider> providers() {
        return ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
