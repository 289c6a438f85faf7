package org.eagerae.api;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Starts a program as {@code mvn exec:java} does: from a class loader of its own over the program's
 * class path, whose parent is the platform class loader, so that this JVM's class path
 * ({@code java.class.path}: this class alone) holds none of the program's classes. It uses the JDK
 * only, so that {@link EmbeddedApiTest} can put it in a folder of its own.
 * <p>Arguments: the program's class path, its main class, then the program's arguments.
 */
final class OwnClassLoaderLauncher {

    private OwnClassLoaderLauncher() {}

    public static void main(String[] args) throws Exception {
        String[] entries = args[0].split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        try (URLClassLoader program = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(program);
            Method main = Class.forName(args[1], true, program).getDeclaredMethod("main", String[].class);
            main.setAccessible(true);
            try {
                main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
            } catch (InvocationTargetException e) {
                e.getCause().printStackTrace();
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
