package org.eagerae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eagerae.InvalidInputException;
import org.eagerae.InvalidSettingException;
import org.eagerae.ensemble.MembersFailedException;
import org.eagerae.io.Bytes;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns everything that stops a command into one line on standard error and an exit code: usage
 * errors and bad input ({@code eagerae: error: ...}, exit 2), running out of memory (what ran out
 * and what to change, exit 1) and any other failure with its causes ({@code eagerae: failed: ...},
 * exit 1; {@code EAGERAE_DEBUG=1} adds the stack trace). Failed members of a run
 * ({@link MembersFailedException}) are one line too, naming each member and its cause:
 * {@code eagerae: out of memory: ...} when all of them ran out of memory, else
 * {@code eagerae: failed: ...}. The library names a bad setting as it names it
 * ({@code batchSize must be >= 1, got 0}); the line names the flag of the command that was run instead
 * ({@code --batch-size must be >= 1, got 0}).
 */
final class ErrorLines {

    /** Exit code of a failure. */
    static final int FAILURE = 1;
    /** Exit code of bad usage or bad input. */
    static final int BAD_INPUT = 2;

    private ErrorLines() {}

    /** A usage error found while parsing: the error and where to read about the command. */
    static int usage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = oneLine(e.getMessage()).replaceFirst("^Error: ", "");
        command.getErr().println("eagerae: error: " + message + " (see '"
                + command.getCommandSpec().qualifiedName() + " --help')");
        return BAD_INPUT;
    }

    /** An exception thrown by a command ({@code command}: the command or subcommand that was run). */
    static int execution(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        return report(e, command.getErr(), command.getCommandSpec());
    }

    /** Reports any throwable that ended a command, in one line (plus the stack trace with {@code EAGERAE_DEBUG}). */
    static int report(Throwable e, PrintWriter err) {
        return report(e, err, null);
    }

    /**
     * Reports any throwable that ended {@code command} (null if unknown), in one line (plus the stack trace
     * with {@code EAGERAE_DEBUG}); a bad setting is named by the command's flag for it.
     */
    static int report(Throwable e, PrintWriter err, CommandSpec command) {
        MembersFailedException members = find(e, MembersFailedException.class);
        if (members != null) {
            // each member's own cause is in the line; this process's stack trace would add nothing
            err.println((members.outOfMemory() ? "eagerae: out of memory: " : "eagerae: failed: ") + oneLine(members.getMessage()));
            err.flush();
            return FAILURE;
        }
        String memory = outOfMemory(e);
        InvalidInputException bad = find(e, InvalidInputException.class);
        if (bad != null && memory == null) {
            err.println("eagerae: error: " + oneLine(message(bad, command)));
            return BAD_INPUT;
        }
        boolean debug = System.getenv("EAGERAE_DEBUG") != null;
        if (memory != null) {
            err.println("eagerae: out of memory: " + memory);
        } else {
            err.println("eagerae: failed: " + oneLine(causes(e)) + (debug ? "" : " (EAGERAE_DEBUG=1 prints the stack trace)"));
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** What ran out and what to change, or null if {@code e} is not about memory. */
    static String outOfMemory(Throwable e) {
        OutOfMemoryError heap = find(e, OutOfMemoryError.class);
        Matcher direct = heap == null || heap.getMessage() == null ? null : DIRECT.matcher(heap.getMessage());
        if (direct != null && direct.find()) {
            long wanted = Long.parseLong(direct.group(1));
            long allocated = Long.parseLong(direct.group(2));
            long limit = Long.parseLong(direct.group(3));
            return "direct buffer memory (" + Bytes.format(wanted) + " asked for, " + Bytes.format(allocated) + " in use, limit "
                    + Bytes.format(limit) + ", set by -XX:MaxDirectMemorySize; the Java heap was not full) ran out; give more with"
                    + " EAGERAE_JAVA_OPTS=\"-Xmx" + Bytes.heapSetting(Runtime.getRuntime().maxMemory()) + " -XX:MaxDirectMemorySize="
                    + Bytes.heapSetting(Math.max(2.0 * limit, 1.25 * (allocated + wanted))) + "\" (it replaces the launcher's -Xmx),"
                    + " or use fewer or smaller images (classify: --feature-pooling average)";
        }
        if (heap != null) {
            long limit = Runtime.getRuntime().maxMemory();
            return "the Java heap (" + heap.getMessage() + ", limit " + Bytes.format(limit) + ") ran out; give more with"
                    + " EAGERAE_JAVA_OPTS=-Xmx" + Bytes.heapSetting(2.0 * limit) + ", or use a smaller --batch-size, fewer --members"
                    + " or fewer or smaller images";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("not enough memory")) {
                Matcher size = ALLOCATION.matcher(message);
                String what = size.find() ? " " + Bytes.format(Long.parseLong(size.group(1))) : "";
                return "the engine could not allocate" + what + " of native memory (outside the Java heap); use a smaller"
                        + " --batch-size, fewer --members or --workers, or smaller images";
            }
        }
        return null;
    }

    /** The message of bad input, with each setting it names called by {@code command}'s flag for it where it has one. */
    static String message(InvalidInputException bad, CommandSpec command) {
        if (bad instanceof InvalidSettingException setting && command != null) {
            return setting.messageWith(name -> flag(command, name));
        }
        return bad.getMessage();
    }

    /**
     * The flag of {@code command} that gives the library's setting {@code setting}: the option (its mixins' and
     * argument groups' included) whose field has the setting's name, e.g. {@code batchSize} is {@code --batch-size};
     * for a command with the Spark options, a Spark setting's flag ({@link SparkOptions#flagOf}); null if none has.
     */
    static String flag(CommandSpec command, String setting) {
        for (OptionSpec option : command.options()) {
            if (option.userObject() instanceof Field field && field.getName().equals(setting)) {
                return option.longestName();
            }
        }
        return command.findOption(SparkOptions.MASTER_FLAG) != null ? SparkOptions.flagOf(setting) : null;
    }

    /** How the JVM says that direct buffer memory ran out: bytes asked for, in use and the limit. */
    private static final Pattern DIRECT = Pattern.compile(
            "Cannot reserve (\\d+) bytes of direct buffer memory \\(allocated: (\\d+), limit: (\\d+)\\)");

    /** How PyTorch's CPU allocator says how much it wanted. */
    private static final Pattern ALLOCATION = Pattern.compile("allocate (\\d+) bytes");

    /** The messages of {@code e} and its causes, each once, joined by ': '. */
    static String causes(Throwable e) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
            if (t == e && !(t instanceof UncheckedIOException || t instanceof IOException)) {
                message = t.getClass().getSimpleName() + ": " + message;
            }
            if (line.indexOf(message) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(message);
            }
        }
        return line.toString();
    }

    /** The text on one line. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
