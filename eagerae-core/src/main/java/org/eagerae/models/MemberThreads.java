package org.eagerae.models;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Computes something for every member of a model, on up to a given number of threads at once, results in member order. */
final class MemberThreads implements AutoCloseable {

    private final ExecutorService pool;

    MemberThreads(int threads) {
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eagerae-member");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** {@code f} of every item, in item order; a failure is rethrown as it was thrown. */
    <T, R> List<R> map(List<T> items, Function<T, R> f) {
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
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
