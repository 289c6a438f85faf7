package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.eagerae.InvalidSettingException;
import org.eagerae.model.CaeSpec;

/**
 * How an encoder's output maps, filters x h x w, become a head's features: flattened as they are
 * ({@link #NONE}), or each filter's map averaged over a {@code grid x grid} grid of cells first
 * ({@code grid} 1: the global average, one value per filter). Cell {@code i} of a side of {@code s}
 * spans {@code [floor(i s / grid), ceil((i + 1) s / grid))}, as PyTorch's {@code AdaptiveAvgPool2d}
 * divides it; the features are filter-major, then cell row, then cell column. For large images the
 * grid keeps a head's inputs and the classifiers' memory small: filters x grid^2 instead of filters x h x w.
 *
 * @param grid cells per side; 0 = no pooling
 */
public record FeaturePooling(int grid) {

    /** The maps flattened as they are. */
    public static final FeaturePooling NONE = new FeaturePooling(0);

    /** Each filter's map averaged to one value. */
    public static final FeaturePooling GLOBAL = new FeaturePooling(1);

    public FeaturePooling {
        InvalidSettingException.require(grid >= 0, "featurePooling", "must be none, average or a grid of at least 1 cell", grid);
    }

    /** {@code none}, {@code average} (a grid of 1) or {@code grid:G}, as {@link #toString} writes them. */
    @JsonCreator
    public static FeaturePooling parse(String text) {
        String t = text == null ? "none" : text.strip();
        if (t.equals("none")) {
            return NONE;
        }
        if (t.equals("average")) {
            return GLOBAL;
        }
        if (t.startsWith("grid:")) {
            try {
                int g = Integer.parseInt(t.substring(5));
                if (g >= 1) {
                    return new FeaturePooling(g);
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new InvalidSettingException("featurePooling", "featurePooling must be none, average or grid:G with G >= 1, got '" + text + "'");
    }

    /** Whether the maps are pooled. */
    public boolean pools() {
        return grid > 0;
    }

    /** Features per image of an encoder of {@code spec}. */
    public int size(CaeSpec spec) {
        return pools() ? spec.filters().get(spec.stages() - 1) * grid * grid : spec.latentSize();
    }

    /** The features of a batch of encoder outputs {@code (N, filters, h, w)}: {@code (N, size)}. */
    public NDArray features(NDArray code) {
        long n = code.getShape().get(0);
        if (!pools()) {
            return code.reshape(n, -1);
        }
        int h = (int) code.getShape().get(2);
        int w = (int) code.getShape().get(3);
        if (grid == 1) {
            return code.sum(new int[] {2, 3}).div(h * w);
        }
        List<NDArray> cells = new ArrayList<>();
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                int area = (end(i, h) - start(i, h)) * (end(j, w) - start(j, w));
                cells.add(code.get(new NDIndex(":, :, {}:{}, {}:{}", start(i, h), end(i, h), start(j, w), end(j, w))).sum(new int[] {2, 3})
                        .div(area));
            }
        }
        return NDArrays.stack(new NDList(cells), 2).reshape(n, -1);
    }

    private int start(int cell, int side) {
        return Math.floorDiv(cell * side, grid);
    }

    private int end(int cell, int side) {
        return -Math.floorDiv(-(cell + 1) * side, grid);
    }

    /** {@code none}, {@code average} or {@code grid:G}. */
    @JsonValue
    @Override
    public String toString() {
        return grid == 0 ? "none" : grid == 1 ? "average" : "grid:" + grid;
    }
}
