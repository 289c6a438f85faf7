package org.eagerae.io;

import java.util.Locale;

/** Memory sizes as people read them in messages. */
public final class Bytes {

    public static final double MIB = 1024.0 * 1024;
    public static final double GIB = 1024 * MIB;

    private Bytes() {}

    /** {@code 512 MiB}, {@code 23.5 GiB}. */
    public static String format(double bytes) {
        return bytes < GIB ? String.format(Locale.ROOT, "%.0f MiB", bytes / MIB) : String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
    }

    /** A heap setting for {@code -Xmx} of at least {@code bytes}, in whole gibibytes (at least 2). */
    public static String heapSetting(double bytes) {
        return Math.max(2, (long) Math.ceil(bytes / GIB)) + "g";
    }
}
