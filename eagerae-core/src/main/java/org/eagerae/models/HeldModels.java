package org.eagerae.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eagerae.classify.Method;
import org.eagerae.classify.ModelSink;
import org.eagerae.classify.StateDict;
import org.eagerae.classify.TrainedClassifier;

/**
 * The classifiers of the epochs {@code classify --epoch best} has tried, kept in memory under provisional
 * names until the choice is made, so that only the chosen ones are saved and none is trained twice. After
 * each epoch those that no method can still choose are dropped: a method's classifiers at any epoch but
 * its best so far, and the per-member classifiers that neither their method nor a vote over them chose.
 */
final class HeldModels implements AutoCloseable {

    /** A classifier of {@code epoch} with its own copy of the weights, known by {@code key} until it is saved. */
    private record Held(int epoch, String key, TrainedClassifier classifier, NDManager manager) {}

    private final List<Held> held = new ArrayList<>();

    /** Where the classifiers of {@code epoch} go: here, each copied, named by a key that only {@link #save} understands. */
    ModelSink at(int epoch) {
        return c -> {
            synchronized (held) {
                String key = "epoch " + epoch + ": " + ModelStore.name(c.method(), c.member(), c.head(), "held");
                NDManager manager = NDManager.newBaseManager();
                NDList weights = StateDict.copyAll(c.weights(), manager);
                held.add(new Held(epoch, key, c.with(weights, c.parts()), manager));
                return key;
            }
        };
    }

    /** Drops every classifier that none of the methods, each at its epoch in {@code best}, needs. */
    void keepOnly(Map<Method, Integer> best) {
        synchronized (held) {
            for (Iterator<Held> it = held.iterator(); it.hasNext();) {
                Held h = it.next();
                boolean needed = best.entrySet().stream()
                        .anyMatch(b -> b.getValue() == h.epoch() && needs(b.getKey(), h.classifier().method()));
                if (!needed) {
                    h.manager().close();
                    it.remove();
                }
            }
        }
    }

    /**
     * Saves through {@code saver} the classifiers of {@code epoch} that {@code methods} need (per-member ones
     * first, as they were trained, then the votes, which name them by their saved names), and returns the
     * saved name of each provisional one.
     */
    Map<String, String> save(int epoch, Set<Method> methods, ModelSink saver) {
        Map<String, String> names = new HashMap<>();
        synchronized (held) {
            for (Held h : held) {
                TrainedClassifier c = h.classifier();
                if (h.epoch() != epoch || methods.stream().noneMatch(m -> needs(m, c.method()))) {
                    continue;
                }
                List<String> parts = c.parts().stream().map(p -> {
                    String name = names.get(p);
                    if (name == null) {
                        throw new IllegalStateException(c.method() + " at epoch " + epoch + " combines " + p + ", which was not saved");
                    }
                    return name;
                }).toList();
                names.put(h.key(), saver.save(c.with(c.weights(), parts)));
            }
        }
        return names;
    }

    /** Whether {@code chosen} needs the classifiers of {@code method}: its own, or the per-member ones a vote combines. */
    private static boolean needs(Method chosen, Method method) {
        return chosen == method || (chosen.vote() && chosen.voters() == method);
    }

    @Override
    public void close() {
        synchronized (held) {
            held.forEach(h -> h.manager().close());
            held.clear();
        }
    }
}
