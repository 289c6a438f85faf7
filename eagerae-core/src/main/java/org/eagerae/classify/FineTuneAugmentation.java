package org.eagerae.classify;

import java.util.Arrays;
import org.eagerae.InvalidSettingException;

/**
 * What end-to-end fine-tuning ({@link Method#FINE_TUNE}) does to its training images each epoch. Perturbed images help a
 * network that fits a few thousand labels; users whose images must stay as taken (medical scans, say) turn it off.
 */
public enum FineTuneAugmentation {
    /** Each training image moved by up to 2 pixels each way and turned by up to 10 degrees, anew every epoch. */
    SHIFT_AND_TURN("shift-and-turn"),
    /** The training images as they are. */
    NONE("none");

    private final String label;

    FineTuneAugmentation(String label) {
        this.label = label;
    }

    /** The name a user gives: {@code shift-and-turn} or {@code none}. */
    public String label() {
        return label;
    }

    /** The augmentation named {@code label}. */
    public static FineTuneAugmentation parse(String label) {
        return Arrays.stream(values()).filter(a -> a.label.equals(label)).findFirst().orElseThrow(() -> new InvalidSettingException(
                "fineTuneAugmentation", "unknown fine-tuning augmentation '" + label + "'; use shift-and-turn or none"));
    }
}
