package org.eagerae.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * Tasks that may need others to have ended first, run on a fixed number of threads. A free thread takes,
 * of the tasks whose needs have ended, the one added first. A classification's stages overlap this way: a
 * member's classifier starts as soon as that member's activations are ready, not when every member's are,
 * so no core waits at a barrier while work is left. When a task fails, no other starts; {@link #run} waits
 * for those under way (what they read must outlive them) and rethrows the first failure as it was thrown.
 */
final class TaskGraph {

    /** A task of the graph, to be named as another's need. */
    static final class Task {
        private final Runnable body;
        private final List<Task> needs;
        private boolean started;
        private boolean ended;

        private Task(Runnable body, List<Task> needs) {
            this.body = body;
            this.needs = needs;
        }

        private boolean ready() {
            return !started && needs.stream().allMatch(t -> t.ended);
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private Throwable failure;

    /** Adds {@code body}, to run once every task in {@code needs} (added before) has ended. */
    Task add(Runnable body, List<Task> needs) {
        for (Task need : needs) {
            if (!tasks.contains(need)) {
                throw new IllegalArgumentException("a task can only need tasks added before it");
            }
        }
        Task task = new Task(body, List.copyOf(needs));
        tasks.add(task);
        return task;
    }

    /** The number of tasks. */
    int size() {
        return tasks.size();
    }

    /** Runs every task, on {@code threads} threads (with 1, on this one in the order added), and returns when all have ended. */
    void run(int threads) {
        if (threads <= 1) {
            tasks.forEach(t -> t.body.run());
            return;
        }
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(threads, tasks.size()); i++) {
            Thread t = new Thread(this::work, "eagerae-member");
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    fail(new IllegalStateException("interrupted", e)); // nothing new starts; those under way end first
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }

    private void work() {
        Task task;
        while ((task = next()) != null) {
            try {
                task.body.run();
                ended(task);
            } catch (Throwable e) {
                fail(e);
            }
        }
    }

    /** The first ready task, marked started, after waiting for one; null when none is left or a task failed. */
    private synchronized Task next() {
        while (failure == null && tasks.stream().anyMatch(t -> !t.started)) {
            for (Task t : tasks) {
                if (t.ready()) {
                    t.started = true;
                    return t;
                }
            }
            try {
                wait();
            } catch (InterruptedException e) {
                fail(new IllegalStateException("interrupted", e));
            }
        }
        return null;
    }

    private synchronized void ended(Task task) {
        task.ended = true;
        notifyAll();
    }

    private synchronized void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }
}
