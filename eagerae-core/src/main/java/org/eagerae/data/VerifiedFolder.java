package org.eagerae.data;

import java.nio.file.Path;

/**
 * A dataset's folder once every file in it has its published MD5, and how it came to: already
 * there, or fetched (and which bad copies it replaced, and where they were kept).
 *
 * @param dir    the folder, absolute
 * @param origin what was used, for the user and reports, e.g.
 *               {@code MD5-verified files already in /data/mnist}
 */
public record VerifiedFolder(Path dir, String origin) {}
