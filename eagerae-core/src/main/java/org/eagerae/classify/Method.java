package org.eagerae.classify;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import org.eagerae.InvalidInputException;

/**
 * A way of classifying with a run's encoders, as named on the command line and in
 * {@code classify.json}: one classifier per member, one on the stacked activations, votes over the
 * per-member classifiers, and end-to-end fine-tuning; and, as the baseline they are measured
 * against, the same classifier on the images' pixels.
 */
public enum Method {
    /** A classifier on each member's frozen activations (the paper's figure 2). */
    SINGLE("single"),
    /** One classifier on all members' activations side by side (figure 3). */
    STACKED("stacked"),
    /** The class with the highest mean probability of the per-member classifiers. */
    SOFT_VOTE("soft-vote"),
    /** The class most per-member classifiers predict. */
    HARD_VOTE("hard-vote"),
    /** Each member's encoder trained together with its classifier. */
    FINE_TUNE("fine-tune"),
    /** The soft vote of the fine-tuned members. */
    FINE_TUNE_VOTE("fine-tune-vote"),
    /**
     * The per-member classifier ({@code single}: standardisation, principal components, head) on the images' pixels,
     * flattened, instead of an encoder's activations: no checkpoint is read.
     */
    RAW_PIXELS("raw-pixels"),
    /**
     * The soft vote of K {@code raw-pixels} classifiers that differ only in their seeds (initial weights, batch order):
     * an ensemble of heads without any encoder. K is {@link ClassifierOptions#votingHeads()}.
     */
    RAW_PIXELS_VOTE("raw-pixels-vote"),
    /**
     * The soft vote of K classifiers with different seeds on one encoder's activations, the first member's: as much
     * ensembling of heads as the members' vote, on one trained encoder instead of K. K is {@link ClassifierOptions#votingHeads()}.
     */
    HEAD_VOTE("head-vote"),
    /**
     * Semi-supervised: a classifier on each member's principal components that learns from the labelled training images and
     * from every unsupervised image ({@link org.eagerae.data.DataSplit#unsupervisedImages()}: with a label budget, all of
     * the training split; and a run's unlabelled images) labelled by spreading those labels over the images' nearest-neighbour graph in that member's
     * components ({@link LabelSpreading}). It saves and predicts as {@code single} does.
     */
    SPREAD("spread"),
    /** The soft vote of the members' {@code spread} classifiers. */
    SPREAD_VOTE("spread-vote"),
    /**
     * The semi-supervised baseline: the {@code spread} classifier on the images' pixels (their principal components) instead
     * of an encoder's activations; no checkpoint is read.
     */
    RAW_PIXELS_SPREAD("raw-pixels-spread");

    /** The methods on frozen encoders' activations. */
    public static final List<Method> ON_ENCODERS = List.of(SINGLE, STACKED, SOFT_VOTE, HARD_VOTE);

    /** The methods on frozen features (the encoders', then the pixels), in the order {@code classify --method all} reports them. */
    public static final List<Method> FROZEN = List.of(SINGLE, STACKED, SOFT_VOTE, HARD_VOTE, RAW_PIXELS);

    /** The semi-supervised methods, which learn from the unsupervised images too ({@code classify --method semi-supervised}). */
    public static final List<Method> SEMI_SUPERVISED = List.of(SPREAD, SPREAD_VOTE, RAW_PIXELS_SPREAD);

    /** The votes of K seeds of one head, the controls for the members' vote ({@code classify --method controls}). */
    public static final List<Method> CONTROLS = List.of(RAW_PIXELS_VOTE, HEAD_VOTE);

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /** The name used on the command line, in files and in model names. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Whether this method's classifiers are the members' encoders fine-tuned with their heads ({@code fine-tune}, its vote). */
    public boolean fineTunes() {
        return this == FINE_TUNE || this == FINE_TUNE_VOTE;
    }

    /** Whether this method trains one classifier per member (each saved as a model of its own). */
    public boolean perMember() {
        return this == SINGLE || this == FINE_TUNE || this == SPREAD;
    }

    /** Whether this method combines per-member classifiers instead of training one. */
    public boolean vote() {
        return this == SOFT_VOTE || this == HARD_VOTE || this == FINE_TUNE_VOTE || this == RAW_PIXELS_VOTE || this == HEAD_VOTE
                || this == SPREAD_VOTE;
    }

    /**
     * Whether this method needs a classifier on every member: its own ({@code single}, {@code fine-tune}) or the votes over
     * them; not the controls, which vote over one source's heads, nor the semi-supervised methods, whose heads are their own
     * ({@link #needsSpreadHeads()}).
     */
    public boolean needsMemberHeads() {
        return (perMember() || (vote() && readsEncoders() && !votesOverSeeds())) && !needsSpreadHeads();
    }

    /** Whether this method needs a {@code spread} classifier on every member: {@code spread} and {@code spread-vote}. */
    public boolean needsSpreadHeads() {
        return this == SPREAD || this == SPREAD_VOTE;
    }

    /** Whether this method's classifier learns from labels spread to the unsupervised images too ({@link LabelSpreading}). */
    public boolean spreadsLabels() {
        return this == SPREAD || this == RAW_PIXELS_SPREAD;
    }

    /** Whether this method votes over K heads with different seeds on one feature source ({@link #CONTROLS}). */
    public boolean votesOverSeeds() {
        return this == RAW_PIXELS_VOTE || this == HEAD_VOTE;
    }

    /** Whether this method reads the members' encoders (all but those on raw pixels). */
    public boolean readsEncoders() {
        return this != RAW_PIXELS && this != RAW_PIXELS_VOTE && this != RAW_PIXELS_SPREAD;
    }

    /** The method whose classifiers a vote combines (saved as models of that method). */
    public Method voters() {
        return switch (this) {
            case FINE_TUNE_VOTE -> FINE_TUNE;
            case RAW_PIXELS_VOTE -> RAW_PIXELS;
            case SPREAD_VOTE -> SPREAD;
            default -> SINGLE;
        };
    }

    /** The method with this label; an error lists the known ones. */
    @JsonCreator
    public static Method of(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst()
                .orElseThrow(() -> new InvalidInputException("unknown method '" + label + "'; use one of "
                        + Arrays.stream(values()).map(Method::label).toList()));
    }

    /** The method with this label, or null. */
    public static Method ofOrNull(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
