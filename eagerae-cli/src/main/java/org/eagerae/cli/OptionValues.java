package org.eagerae.cli;

import org.eagerae.InvalidInputException;
import org.eagerae.run.BackendName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that refuse impossible numbers while the command line is parsed, before any command
 * runs: picocli reports them as usage errors naming the option, e.g. {@code Invalid value for
 * option '--workers': must be at least 1, got 0}.
 */
final class OptionValues {

    private OptionValues() {}

    /** A whole number of at least 1: counts of members, epochs, workers, threads, images. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(1, value);
        }
    }

    /** A whole number of at least 0. */
    static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(0, value);
        }
    }

    /** A label budget: labelled images, per class or in all (a whole number of at least 2), or {@code all} (0: every label). */
    static final class LabelBudget implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.strip().equals("all")) {
                return 0;
            }
            int v;
            try {
                v = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is neither a number of labels nor all");
            }
            if (v < 2) {
                throw new TypeConversionException("must be at least 2 (one training and one validation label per class) or all, got " + v);
            }
            return v;
        }
    }

    /** An epoch (a whole number of at least 0) or {@code best}. */
    static final class EpochOrBest implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.strip().equals("best")) {
                return "best";
            }
            try {
                Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is neither an epoch (a whole number) nor best");
            }
            return String.valueOf(atLeast(0, value));
        }
    }

    /** A finite number above 0: seconds, step sizes. */
    static final class Positive implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = finite(value);
            if (!(v > 0)) {
                throw new TypeConversionException("must be above 0, got " + value);
            }
            return v;
        }
    }

    /** A finite number of at least 0. */
    static final class NotNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = finite(value);
            if (v < 0) {
                throw new TypeConversionException("must be at least 0, got " + value);
            }
            return v;
        }
    }

    /** A fraction: at least 0 and below 1. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = new NotNegative().convert(value);
            if (v >= 1) {
                throw new TypeConversionException("must be below 1, got " + value);
            }
            return v;
        }
    }

    /** A share of variance as {@link Fraction}, or {@code auto} (read as NaN): chosen per method on the validation labels. */
    static final class FractionOrAuto implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return value.strip().equals("auto") ? Double.NaN : new Fraction().convert(value);
        }
    }

    /** A finite single-precision number above 0 (the engine's step size). */
    static final class PositiveFloat implements ITypeConverter<Float> {
        @Override
        public Float convert(String value) {
            float v = new Positive().convert(value).floatValue();
            if (!Float.isFinite(v) || !(v > 0)) {
                throw new TypeConversionException("must be a positive single-precision number, got " + value);
            }
            return v;
        }
    }

    /** A backend's name ({@code inline}, {@code processes}, {@code spark}, ...), checked for its form here and for its existence when opened. */
    static final class Backend implements ITypeConverter<BackendName> {
        @Override
        public BackendName convert(String value) {
            try {
                return BackendName.of(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A fine-tuning augmentation: {@code shift-and-turn} or {@code none}. */
    static final class Augmentation implements ITypeConverter<org.eagerae.classify.FineTuneAugmentation> {
        @Override
        public org.eagerae.classify.FineTuneAugmentation convert(String value) {
            try {
                return org.eagerae.classify.FineTuneAugmentation.parse(value.strip());
            } catch (org.eagerae.InvalidSettingException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private static int atLeast(int min, String value) {
        int v;
        try {
            v = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (v < min) {
            throw new TypeConversionException("must be at least " + min + ", got " + v);
        }
        return v;
    }

    private static double finite(String value) {
        double v;
        try {
            v = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new TypeConversionException("must be a finite number, got " + value);
        }
        return v;
    }
}
