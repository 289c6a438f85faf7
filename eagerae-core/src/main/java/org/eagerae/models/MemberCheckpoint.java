package org.eagerae.models;

/**
 * A member checkpoint a saved model was made from.
 *
 * @param member         member index
 * @param epoch          the epoch after which it was written
 * @param path           its path inside the run folder
 * @param sha256         the file's SHA-256 when the model was saved; checked before the encoder is used
 * @param elapsedSeconds the member's training time up to that epoch
 */
public record MemberCheckpoint(int member, int epoch, String path, String sha256, double elapsedSeconds) {}
