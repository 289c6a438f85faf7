package org.eagerae.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.eagerae.classify.FeaturePooling;
import org.eagerae.classify.Method;
import org.eagerae.classify.StateDict;
import org.eagerae.run.RunDirectory;
import org.eagerae.io.AtomicFiles;
import org.eagerae.model.Cae;
import org.eagerae.train.Checkpoint;

/**
 * Writes a saved model for PyTorch users: one safetensors file with every weight the model uses
 * under PyTorch {@code state_dict} names ({@link StateDict}), and beside it a JSON file that says
 * how the modules fit together. The layouts, by method:
 * <ul>
 *   <li>{@code single}, {@code fine-tune}: {@code encoder.*}, {@code standardize.mean|scale}, {@code head.*}</li>
 *   <li>{@code stacked}: {@code encoders.<k>.*} for every member, then {@code standardize.*} and {@code head.*}
 *       on their activations side by side</li>
 *   <li>votes: {@code members.<k>.} followed by the member model's names</li>
 *   <li>{@code raw-pixels}: {@code standardize.mean|scale} and {@code head.*} on the flattened images</li>
 * </ul>
 * {@code bench/check_export.py} loads them into the plain-PyTorch architecture.
 */
public final class ModelExport {

    /**
     * The JSON written beside the weights.
     *
     * @param format  this layout's version
     * @param layout  how the state_dict names fit together
     * @param tensors the names in the safetensors file
     * @param model   the model's manifest
     */
    public record Description(String format, String layout, List<String> tensors, ModelManifest model) {}

    /** The layout version written now. */
    public static final String FORMAT = "eagerae-export/1";

    private ModelExport() {}

    /** The JSON file written beside {@code weights}: the same name with {@code .json} for {@code .safetensors}. */
    public static Path descriptionFile(Path weights) {
        String name = weights.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return weights.resolveSibling(stem + ".json");
    }

    /** Writes the model's weights to {@code out} (safetensors) and its description beside it, atomically. */
    public static Description write(RunDirectory run, String name, Path out) {
        ModelStore store = ModelStore.of(run);
        ModelManifest manifest = store.manifest(name);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList weights = stateDict(store, manifest, manager);
            Description description = new Description(FORMAT, layout(manifest.method(), manifest.classifier().featurePooling()), weights.stream().map(NDArray::getName).toList(),
                    manifest);
            AtomicFiles.write(out, stream -> weights.encode(stream, NDList.Encoding.SAFETENSORS));
            AtomicFiles.write(descriptionFile(out), stream -> stream.write(RunDirectory.JSON.writeValueAsBytes(description)));
            return description;
        }
    }

    private static NDList stateDict(ModelStore store, ModelManifest m, NDManager manager) {
        NDList out = new NDList();
        if (m.method().vote()) {
            for (int k = 0; k < m.parts().size(); k++) {
                out.addAll(StateDict.prefixed(stateDict(store, store.manifest(m.parts().get(k)), manager), "members." + k + "."));
            }
            return out;
        }
        if (m.method() != Method.FINE_TUNE) { // none for raw pixels, which has no checkpoint
            boolean stacked = m.method() == Method.STACKED;
            for (int k = 0; k < m.checkpoints().size(); k++) {
                try (NDManager scratch = manager.newSubManager(); Cae cae = Cae.create(m.spec(), scratch, 0)) {
                    Checkpoint.read(store.verifiedCheckpoint(m, m.checkpoints().get(k))).loadWeightsInto(cae);
                    out.addAll(StateDict.encoderWeights(cae, manager, stacked ? "encoders." + k + "." : "encoder."));
                }
            }
        }
        out.addAll(store.weights(m.name(), manager));
        return out;
    }

    /** The layout; with pooled features, {@code flatten(...)} of an encoder reads {@code flatten(AdaptiveAvgPool2d(G)(...))}. */
    private static String layout(Method method, FeaturePooling pooling) {
        String text = layout(method);
        return pooling.pools() ? text.replace("(encoder(x))", "(AdaptiveAvgPool2d(" + pooling.grid() + ")(encoder(x)))")
                .replace("(encoders[k](x))", "(AdaptiveAvgPool2d(" + pooling.grid() + ")(encoders[k](x)))") : text;
    }

    private static String layout(Method method) {
        return switch (method) {
            case SINGLE, FINE_TUNE, SPREAD -> "softmax(head(standardize(flatten(encoder(x)))))";
            case STACKED -> "softmax(head(standardize(cat([flatten(encoders[k](x)) for k], dim=1))))";
            case SOFT_VOTE, FINE_TUNE_VOTE, HEAD_VOTE, SPREAD_VOTE -> "mean over k of members[k](x), each softmax(head(standardize(flatten(encoder(x)))))";
            case RAW_PIXELS_VOTE -> "mean over k of members[k](x), each softmax(head(standardize(flatten(x))))";
            case HARD_VOTE -> "share of members k whose argmax(members[k](x)) is each class; members as for soft-vote";
            case RAW_PIXELS, RAW_PIXELS_SPREAD -> "softmax(head(standardize(flatten(x))))";
        };
    }
}
