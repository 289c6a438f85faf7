package org.eagerae.classify;

/**
 * Where {@link Classification} puts each classifier as soon as it is trained: a store of saved
 * models, or nowhere. Receiving them one at a time means no caller holds all of them at once.
 */
public interface ModelSink {

    /** Keeps nothing; names are null. */
    ModelSink NONE = classifier -> null;

    /**
     * Keeps a classifier (its weights must be written before this returns; the caller closes them).
     *
     * @return the name it is kept under, or null when it is not kept
     */
    String save(TrainedClassifier classifier);
}
