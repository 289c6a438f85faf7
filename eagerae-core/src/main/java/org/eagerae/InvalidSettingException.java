package org.eagerae;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting with a value it cannot have, e.g. {@code members must be >= 1, got 0}. The settings are
 * named as the library names them: by the record component or parameter that holds them
 * ({@code members}, {@code batchSize}, {@code learningRate}, {@code maxEpochs}, {@code trainSize}, ...),
 * and the message names each of them by that name, as a word of its own, so that a front end can put
 * its own name for a setting in its place ({@link #messageWith}): the command line says
 * {@code --batch-size must be >= 1, got 0} where the library says {@code batchSize must be >= 1, got 0}.
 */
public class InvalidSettingException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final List<String> settings;

    /**
     * @param setting the setting's name, e.g. {@code batchSize}
     * @param message what is wrong, naming the setting, e.g. {@code batchSize must be >= 1, got 0}
     */
    public InvalidSettingException(String setting, String message) {
        this(List.of(setting), message);
    }

    /**
     * @param settings the settings that are wrong together, e.g. {@code trainSize} and {@code valSize}
     * @param message  what is wrong, naming each of them
     */
    public InvalidSettingException(List<String> settings, String message) {
        super(message);
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("an invalid setting needs the setting's name");
        }
        this.settings = List.copyOf(settings);
    }

    /** Refuses {@code value} unless {@code valid}: "{@code setting requirement, got value}", e.g. {@code members must be >= 1, got 0}. */
    public static void require(boolean valid, String setting, String requirement, Object value) {
        if (!valid) {
            throw new InvalidSettingException(setting, setting + " " + requirement + ", got " + value);
        }
    }

    /** The setting that is wrong (the first, when several are wrong together). */
    public String setting() {
        return settings.get(0);
    }

    /** The settings that are wrong, in the order the message names them. */
    public List<String> settings() {
        return settings;
    }

    /**
     * The message with each setting called by {@code nameOf}'s name for it: the first place the message
     * names the setting, as a word, says that name instead. A setting that {@code nameOf} maps to null
     * keeps the library's name.
     */
    public String messageWith(Function<String, String> nameOf) {
        String message = getMessage();
        for (String setting : settings) {
            String name = nameOf.apply(setting);
            if (name != null) {
                Matcher word = Pattern.compile("(?<![\\w-])" + Pattern.quote(setting) + "(?![\\w-])").matcher(message);
                if (word.find()) {
                    message = message.substring(0, word.start()) + name + message.substring(word.end());
                }
            }
        }
        return message;
    }
}
