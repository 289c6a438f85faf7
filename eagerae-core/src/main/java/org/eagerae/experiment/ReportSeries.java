package org.eagerae.experiment;

import org.eagerae.classify.Method;

/**
 * A series: a line of the experiment's tables and figures, one model's method (the result rows, {@link ResultRow}, of that
 * model and method), and the name the report shows for it. The by-epoch tables and figures take a series at each epoch; the
 * label curve takes its row at the last epoch classified in each repeat, or, when {@code initialWeights}, its row at the
 * members' initial weights (epoch 0: the encoders untrained, or, for fine-tuning, the same network trained from scratch).
 *
 * @param model          {@link Experiment#ENSEMBLE}, {@link Experiment#MONOLITHIC} or {@link Experiment#PIXELS}, as in
 *                       {@link ResultRow#model()}
 * @param method         the method of its rows
 * @param initialWeights whether the series is the model's method at the initial weights (epoch 0) rather than at its last
 *                       epoch classified
 * @param name           what the report calls it: the table row's, the legend's and the summary's name
 */
record ReportSeries(String model, Method method, boolean initialWeights, String name) {

    /** A model's method at its last epoch classified, or at whichever epoch a by-epoch table asks for. */
    static ReportSeries of(String model, Method method, String name) {
        return new ReportSeries(model, method, false, name);
    }

    /** A model's method at the members' initial weights, epoch 0. */
    static ReportSeries atInitialWeights(String model, Method method, String name) {
        return new ReportSeries(model, method, true, name);
    }

    /** Whether a result row is of this series' model and method (at any epoch, selection and label budget). */
    boolean matches(ResultRow r) {
        return r.model().equals(model) && r.method() == method;
    }

    /**
     * Whether the series uses no trained autoencoder: raw pixels, the encoders at their initial weights, or the network
     * trained from scratch.
     */
    boolean usesNoTrainedAutoencoder() {
        return model.equals(Experiment.PIXELS) || initialWeights;
    }
}
