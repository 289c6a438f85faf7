package org.eagerae.models;

import java.util.List;
import java.util.Map;
import org.eagerae.InvalidSettingException;
import org.eagerae.classify.ClassificationResult;
import org.eagerae.classify.Method;

/**
 * The share of variance a method's heads keep ({@code pcaVariance}), chosen per method on the validation labels (a label
 * budget's own, where there is one): every candidate is tried, and each method keeps the share whose classifiers scored
 * highest on validation; on a tie the share tried first. Fewer components regularise heads that see few labels; which share
 * suits a method differs (raw pixels did best with few components on MNIST, the encoders with many).
 *
 * @param candidates the shares to try, in order of preference on ties; each in (0, 1)
 */
public record PcaSearch(List<Double> candidates) {

    /** 99 %, 95 %, 80 % and 50 % of the variance; ties keep the larger share (the default's). */
    public static final PcaSearch DEFAULT = new PcaSearch(List.of(0.99, 0.95, 0.8, 0.5));

    public PcaSearch {
        candidates = List.copyOf(candidates);
        InvalidSettingException.require(!candidates.isEmpty(), "pcaVariance", "needs at least one share to try", candidates);
        for (double c : candidates) {
            InvalidSettingException.require(c > 0 && c < 1, "pcaVariance", "must be in (0, 1) to search", c);
        }
    }

    /**
     * What a search gave.
     *
     * @param results    the chosen results, as {@code classify} reports them (each with the share it was trained with)
     * @param validation per method, the validation accuracy of each share tried, in the order tried
     */
    public record Outcome(List<ClassificationResult> results, Map<Method, Map<Double, Double>> validation) {}
}
