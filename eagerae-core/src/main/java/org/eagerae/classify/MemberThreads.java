package org.eagerae.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Computes something for every member of a model (or every classifier of a classification), on up
 * to a given number of threads at once, results in item order. When one item fails, the items not
 * started yet are dropped, and closing waits for those under way to end, so that nothing they read
 * (a feature store, say) is released under them.
 */
public final class MemberThreads implements AutoCloseable {

    private final ExecutorService pool;

    /** A pool of {@code threads} threads; with 1, every item is computed on the caller's thread. */
    public MemberThreads(int threads) {
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eagerae-member");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** {@code f} of every item, in item order; a failure is rethrown as it was thrown. */
    public <T, R> List<R> map(List<T> items, Function<T, R> f) {
        List<R> out = new ArrayList<>();
        if (pool == null || items.size() < 2) {
            items.forEach(item -> out.add(f.apply(item)));
            return out;
        }
        List<Future<R>> futures = items.stream().map(item -> pool.submit(() -> f.apply(item))).toList();
        for (Future<R> future : futures) {
            try {
                out.add(future.get());
            } catch (ExecutionException e) {
                futures.forEach(other -> other.cancel(false));
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(other -> other.cancel(false));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return out;
    }

    /** Ends the threads once the items under way have ended. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // an item under way (a classifier's training) may take minutes; what it reads must outlive it
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
