package org.eagerae.predict;

/** Hears how many images of a long input are done. */
@FunctionalInterface
public interface Progress {

    /** Ignores progress. */
    Progress NONE = (done, total) -> {};

    /** {@code done} of {@code total} images are finished. */
    void update(long done, long total);
}
