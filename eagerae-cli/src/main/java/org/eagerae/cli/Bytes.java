package org.eagerae.cli;

import java.util.Locale;

/** Memory sizes as people read them in messages. */
final class Bytes {

    static final double MIB = 1024.0 * 1024;
    static final double GIB = 1024 * MIB;

    private Bytes() {}

    /** {@code 512 MiB}, {@code 23.5 GiB}. */
    static String format(double bytes) {
        return bytes < GIB ? String.format(Locale.ROOT, "%.0f MiB", bytes / MIB) : String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
    }

    /** A heap setting for {@code -Xmx} of at least {@code bytes}, in whole gibibytes (at least 2). */
    static String heapSetting(double bytes) {
        return Math.max(2, (long) Math.ceil(bytes / GIB)) + "g";
    }
}
