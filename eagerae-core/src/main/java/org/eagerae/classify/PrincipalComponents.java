package org.eagerae.classify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The leading principal components of one encoder's standardised training activations: the fewest
 * directions that keep a given fraction of their variance. A head trained on the activations'
 * coordinates along them ({@link #project}) learns a first layer confined to that subspace, which
 * folds back into an ordinary first layer on the standardised activations ({@link #fold}); a saved
 * model does not know that it was trained this way.
 *
 * <p>The covariance is summed a block of rows at a time (engine products in float32, accumulated in
 * float64) over the features that vary, only its tiles on and above the diagonal (the others are their
 * mirror images). Its leading eigenvectors come from subspace iteration with
 * Cholesky orthonormalisation and a Rayleigh-Ritz step (Halko, Martinsson and Tropp, 2011, algorithms
 * 4.4 and 5.3): the large products on the engine in float64, the small
 * decompositions in EJML. Up to {@value #DIRECT} varying features, or when the subspace would need
 * half of them or of the rows, the covariance is decomposed directly. The start is seeded, so the components repeat
 * exactly.
 *
 * <p>With more than {@value #DIRECT} varying features and fewer training rows than varying features (large images,
 * few of them), no features-by-features matrix is made: the components come from the {@code n x n} Gram matrix
 * {@code Z Z^T / n} of the standardised rows, which has the covariance's nonzero eigenvalues, its eigenvectors
 * {@code u} giving the covariance's as {@code Z^T u / sqrt(n lambda)} (decomposed directly up to {@value #DIRECT}
 * rows, else by the same subspace iteration). Its memory grows with the rows squared, not the features squared.
 * Elsewhere the covariance is decomposed as before, with the same numbers.
 *
 * @param basis     {@code components x features}, row-major: orthonormal rows, the largest variance first
 * @param variances the variance along each, in the same order
 * @param total     the total variance of the standardised activations (the covariance's trace)
 * @param fraction  the fraction of it they were chosen to keep
 */
public record PrincipalComponents(float[] basis, double[] variances, double total, double fraction) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Covariances of up to this many varying features are decomposed directly. */
    static final int DIRECT = 640;
    /** The subspace's first width; it doubles while the variance it keeps falls short. */
    private static final int FIRST_WIDTH = 448;
    /** Multiplications by the covariance (of the random start, then of the subspace), each followed by an orthonormalisation. */
    private static final int POWER_ITERATIONS = 3;
    /** The covariance is summed in this many tiles per side, those below the diagonal mirrored. */
    private static final int TILES = 4;
    /** Rows per engine product when summing the covariance or projecting. */
    private static final int BLOCK = 500;

    public PrincipalComponents {
        if (variances.length == 0 || basis.length % variances.length != 0) {
            throw new IllegalArgumentException(basis.length + " basis values for " + variances.length + " components");
        }
    }

    /** Number of components. */
    public int components() {
        return variances.length;
    }

    /** Length of the vectors they project. */
    public int features() {
        return basis.length / variances.length;
    }

    /** The fraction of the total variance the components keep. */
    public double keptFraction() {
        return total > 0 ? Arrays.stream(variances).sum() / total : 1;
    }

    /**
     * The fewest leading components of {@code train}, standardised by {@code scaling}, that keep at
     * least {@code fraction} of its variance (at least one).
     *
     * @param fraction in (0, 1)
     * @param seed     the start of the subspace iteration
     */
    public static PrincipalComponents fit(Features train, Standardizer scaling, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the fraction of variance to keep must be in (0, 1), got " + fraction);
        }
        int d = train.cols();
        int[] candidates = changing(train);
        if (usesGram(train.rows(), candidates.length)) {
            return byGram(train, scaling, candidates, fraction, seed);
        }
        Covariance cov = Covariance.of(train, scaling, candidates);
        int m = cov.features().length;
        if (m == 0) {
            float[] first = new float[d];
            first[0] = 1;
            return new PrincipalComponents(first, new double[] {0}, 0, fraction);
        }
        Eigen eigen = m <= DIRECT ? Eigen.of(DMatrixRMaj.wrap(m, m, cov.values()))
                : subspace(cov.values(), m, Math.min(m, train.rows()) / 2, fraction * cov.total(), seed);
        int k = eigen.componentsFor(fraction * cov.total());
        int[] varying = cov.features();
        float[] basis = new float[k * d];
        for (int j = 0; j < k; j++) {
            for (int v = 0; v < m; v++) {
                basis[j * d + varying[v]] = (float) eigen.vectors[v * eigen.count() + j];
            }
        }
        return new PrincipalComponents(basis, Arrays.copyOf(eigen.values, k), cov.total(), fraction);
    }

    /** Whether {@code rows} training rows with {@code varying} features that change take the Gram matrix's path. */
    static boolean usesGram(int rows, int varying) {
        return varying > DIRECT && rows < varying;
    }

    /**
     * The coordinates of {@code rows}, standardised by {@code scaling}, along the components: a
     * matrix of {@code rows x components}.
     */
    public FeatureMatrix project(Features rows, Standardizer scaling) {
        int d = features();
        int k = components();
        if (rows.cols() != d) {
            throw new IllegalArgumentException("the components have " + d + " features, the rows " + rows.cols());
        }
        float[] out = new float[rows.rows() * k];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray transposed = manager.create(basis, new Shape(k, d)).transpose();
            forEachBlock(rows, scaling, manager, (from, x) -> {
                float[] z = x.matMul(transposed).toFloatArray();
                System.arraycopy(z, 0, out, from * k, z.length);
            });
        }
        return new FeatureMatrix(out, rows.rows(), k);
    }

    /**
     * A first layer on the components' coordinates, {@code units x components} row-major, as the
     * same layer on the standardised features: {@code units x features}, row-major.
     */
    public float[] fold(float[] weights, int units) {
        if (weights.length != units * components()) {
            throw new IllegalArgumentException(weights.length + " weights are not " + units + " x " + components());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            return manager.create(weights, new Shape(units, components())).matMul(manager.create(basis, new Shape(components(), features())))
                    .toFloatArray();
        }
    }

    /** The features whose value is not the same in every row. */
    private static int[] changing(Features rows) {
        int d = rows.cols();
        float[] first = new float[d];
        float[] row = new float[d];
        boolean[] changes = new boolean[d];
        rows.copyRow(0, first, 0);
        for (int r = 1; r < rows.rows(); r++) {
            rows.copyRow(r, row, 0);
            for (int c = 0; c < d; c++) {
                changes[c] |= row[c] != first[c];
            }
        }
        return IntStream.range(0, d).filter(c -> changes[c]).toArray();
    }

    /**
     * The covariance {@code Z^T Z / n} of the standardised rows (their means are 0) among the
     * features that vary, {@code features.length} squared, row-major, and its trace.
     *
     * @param features the features that vary, in order
     * @param values   the covariance
     * @param total    its trace: the total variance
     */
    private record Covariance(int[] features, double[] values, double total) {

        static Covariance of(Features train, Standardizer scaling, int[] candidates) {
            int n = candidates.length;
            double[] c = sum(train, scaling, candidates);
            int[] kept = IntStream.range(0, n).filter(i -> c[i * n + i] > 1e-12).toArray();
            double total = Arrays.stream(kept).mapToDouble(i -> c[i * n + i]).sum();
            return new Covariance(Arrays.stream(kept).map(i -> candidates[i]).toArray(), kept.length == n ? c : restrict(c, n, kept),
                    total);
        }

        /**
         * {@code Z^T Z / n} over {@code columns}. The matrix is symmetric, so only its tiles on and above the
         * diagonal are summed ({@value #TILES} x {@value #TILES} tiles: 10 products of 16) and the others mirrored.
         */
        private static double[] sum(Features train, Standardizer scaling, int[] columns) {
            int m = columns.length;
            if (m == 0) {
                return new double[0];
            }
            int tiles = Math.min(TILES, m);
            int[] edges = IntStream.rangeClosed(0, tiles).map(t -> (int) ((long) m * t / tiles)).toArray();
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray[][] sums = new NDArray[tiles][tiles];
                NDArray[] chosen = new NDArray[tiles];
                for (int i = 0; i < tiles; i++) {
                    chosen[i] = manager.create(Arrays.copyOfRange(columns, edges[i], edges[i + 1]));
                    for (int j = i; j < tiles; j++) {
                        sums[i][j] = manager.zeros(new Shape(edges[i + 1] - edges[i], edges[j + 1] - edges[j]), DataType.FLOAT64);
                    }
                }
                forEachBlock(train, scaling, manager, (from, x) -> {
                    NDArray[] z = new NDArray[tiles];
                    for (int i = 0; i < tiles; i++) {
                        z[i] = x.get(new NDIndex(":, {}", chosen[i]));
                    }
                    for (int i = 0; i < tiles; i++) {
                        NDArray left = z[i].transpose();
                        for (int j = i; j < tiles; j++) {
                            sums[i][j].addi(left.matMul(z[j]).toType(DataType.FLOAT64, false));
                        }
                    }
                });
                double[] c = new double[m * m];
                for (int i = 0; i < tiles; i++) {
                    for (int j = i; j < tiles; j++) {
                        placeWithMirror(sums[i][j].divi(train.rows()).toDoubleArray(), c, m, edges[i], edges[i + 1] - edges[i], edges[j]);
                    }
                }
                return c;
            }
        }

    }

    /** Writes a tile of {@code rows} rows that starts at row {@code top}, column {@code left}, into {@code c} ({@code m x m}), and its transpose across the diagonal. */
    private static void placeWithMirror(double[] tile, double[] c, int m, int top, int rows, int left) {
        int cols = tile.length / rows;
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                c[(top + r) * m + left + q] = tile[r * cols + q];
                c[(left + q) * m + top + r] = tile[r * cols + q];
            }
        }
    }

    /**
     * The components from the Gram matrix {@code Z Z^T / n} of the standardised rows {@code Z} over the
     * {@code candidates} (the features that change): its eigenpairs {@code (lambda, u)} are the covariance's
     * nonzero eigenvalues and, as {@code Z^T u / sqrt(n lambda)}, its unit eigenvectors. Features whose
     * variance is at most 1e-12 take no part in the basis, as in the covariance's path.
     */
    private static PrincipalComponents byGram(Features train, Standardizer scaling, int[] candidates, double fraction, long seed) {
        int n = train.rows();
        int d = train.cols();
        int m = candidates.length;
        double[] gram = new double[n * n];
        double[] squares = new double[m];
        Inputs standardized = Inputs.standardized(List.of(train), scaling);
        int[] order = IntStream.range(0, n).toArray();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray columns = manager.create(candidates);
            for (int i = 0; i < n; i += BLOCK) {
                try (NDManager outer = manager.newSubManager()) {
                    int rows = Math.min(BLOCK, n - i);
                    NDArray left = standardized.batch(outer, order, i, rows).get(new NDIndex(":, {}", columns));
                    double[] sums = left.square().sum(new int[] {0}).toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int c = 0; c < m; c++) {
                        squares[c] += sums[c];
                    }
                    for (int j = i; j < n; j += BLOCK) {
                        try (NDManager inner = outer.newSubManager()) {
                            NDArray right = j == i ? left
                                    : standardized.batch(inner, order, j, Math.min(BLOCK, n - j)).get(new NDIndex(":, {}", columns));
                            NDArray tile = left.matMul(right.transpose()).toType(DataType.FLOAT64, false).divi(n);
                            tile.attach(inner);
                            placeWithMirror(tile.toDoubleArray(), gram, n, i, rows, j);
                        }
                    }
                }
            }
        }
        boolean[] kept = new boolean[m];
        double total = 0;
        for (int c = 0; c < m; c++) {
            kept[c] = squares[c] / n > 1e-12;
            total += kept[c] ? squares[c] / n : 0;
        }
        Eigen eigen = n <= DIRECT ? Eigen.of(DMatrixRMaj.wrap(n, n, gram)) : subspace(gram, n, n / 2, fraction * total, seed);
        int k = eigen.componentsFor(fraction * total);
        while (k > 1 && !(eigen.values[k - 1] > 0)) {
            k--;
        }
        float[] scaled = new float[n * k];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                scaled[r * k + j] = (float) (eigen.vectors[r * eigen.count() + j] / Math.sqrt(n * Math.max(eigen.values[j], 1e-30)));
            }
        }
        float[] vectors = new float[m * k];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray columns = manager.create(candidates);
            NDArray weights = manager.create(scaled, new Shape(n, k));
            NDArray sum = manager.zeros(new Shape(m, k));
            for (int i = 0; i < n; i += BLOCK) {
                try (NDManager scratch = manager.newSubManager()) {
                    int rows = Math.min(BLOCK, n - i);
                    NDArray z = standardized.batch(scratch, order, i, rows).get(new NDIndex(":, {}", columns));
                    sum.addi(z.transpose().matMul(weights.get(new NDIndex("{}:{}", i, i + rows))));
                }
            }
            System.arraycopy(sum.toFloatArray(), 0, vectors, 0, m * k);
        }
        float[] basis = new float[k * d];
        for (int v = 0; v < m; v++) {
            if (kept[v]) {
                for (int j = 0; j < k; j++) {
                    basis[j * d + candidates[v]] = vectors[v * k + j];
                }
            }
        }
        return new PrincipalComponents(basis, Arrays.copyOf(eigen.values, k), total, fraction);
    }

    /** Receives a block of standardised rows that starts at row {@code from}, as an engine array. */
    private interface Block {
        void accept(int from, NDArray x);
    }

    /** The standardised rows a block at a time, gathered as a classifier's batches are ({@link Inputs#standardized}). */
    private static void forEachBlock(Features rows, Standardizer scaling, NDManager manager, Block block) {
        Inputs standardized = Inputs.standardized(List.of(rows), scaling);
        int[] order = IntStream.range(0, rows.rows()).toArray();
        for (int from = 0; from < order.length; from += BLOCK) {
            try (NDManager scratch = manager.newSubManager()) {
                block.accept(from, standardized.batch(scratch, order, from, Math.min(BLOCK, order.length - from)));
            }
        }
    }

    private static double[] restrict(double[] full, int d, int[] keep) {
        int m = keep.length;
        double[] out = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                out[i * m + j] = full[keep[i] * d + keep[j]];
            }
        }
        return out;
    }

    /**
     * The leading eigenpairs of the covariance {@code c} ({@code m x m}) whose Ritz values reach
     * {@code target}: a random start multiplied {@value #POWER_ITERATIONS} times by {@code c}, each product
     * orthonormalised (the last one twice), and the eigenpairs of {@code c} within that subspace. The
     * width, at first the smaller of {@value #FIRST_WIDTH} and {@code widest} (half of {@code m} or of
     * the rows, whichever is fewer: the covariance of n rows has rank below n, and its last directions
     * are too weak to orthonormalise), doubles up to {@code widest} while the values fall short; then,
     * or when the subspace cannot be orthonormalised, the whole matrix is decomposed.
     */
    private static Eigen subspace(double[] c, int m, int widest, double target, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int width = Math.min(FIRST_WIDTH, widest); width > 0; width = width < widest ? Math.min(2 * width, widest) : 0) {
            double[] start = new double[m * width];
            Arrays.setAll(start, i -> random.nextDouble() * 2 - 1);
            try (NDManager scratch = NDManager.newBaseManager()) {
                NDArray cov = scratch.create(c, new Shape(m, m));
                NDArray q = orthonormal(cov.matMul(scratch.create(start, new Shape(m, width))));
                for (int i = 1; i < POWER_ITERATIONS && q != null; i++) {
                    q = orthonormal(cov.matMul(q));
                }
                q = q == null ? null : orthonormal(q); // a second pass restores what rounding took from the orthogonality
                if (q == null || q.transpose().matMul(q).sub(scratch.eye(width, width, 0, DataType.FLOAT64)).abs().max().getDouble() > 1e-6) {
                    break; // nearly dependent directions: decompose the whole matrix
                }
                NDArray t = q.transpose().matMul(cov.matMul(q));
                Eigen ritz = Eigen.of(DMatrixRMaj.wrap(width, width, t.add(t.transpose()).div(2).toDoubleArray()));
                if (ritz.sum() >= target) {
                    return new Eigen(ritz.values, q.matMul(scratch.create(ritz.vectors, new Shape(width, width))).toDoubleArray());
                }
            }
        }
        return Eigen.of(DMatrixRMaj.wrap(m, m, c));
    }

    /**
     * {@code y}'s columns orthonormalised ({@code y L^-T} with {@code y^T y = L L^T}: the Cholesky factor from
     * EJML, its inverse on the engine), or null when they are not independent.
     */
    private static NDArray orthonormal(NDArray y) {
        int width = Math.toIntExact(y.getShape().get(1));
        DMatrixRMaj gram = DMatrixRMaj.wrap(width, width, y.transpose().matMul(y).toDoubleArray());
        CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(width, true);
        if (!cholesky.decompose(gram)) {
            return null;
        }
        double[] lower = cholesky.getT(null).data;
        for (int i = 0; i < width; i++) {
            Arrays.fill(lower, i * width + i + 1, (i + 1) * width, 0); // the decomposition leaves the upper triangle as it found it
        }
        NDArray inverse = y.getManager().create(lower, new Shape(width, width)).inverse();
        if (!Double.isFinite(inverse.abs().max().getDouble())) { // the engine's maximum is NaN where any value is
            return null;
        }
        return y.matMul(inverse.transpose());
    }

    /**
     * Eigenvalues, largest first, and their unit eigenvectors as the columns of {@code vectors}
     * ({@code rows x count}, row-major).
     */
    private record Eigen(double[] values, double[] vectors) {
        int count() {
            return values.length;
        }

        double sum() {
            return Arrays.stream(values).sum();
        }

        /** The fewest leading eigenvalues whose sum reaches {@code target} (all when none do). */
        int componentsFor(double target) {
            double s = 0;
            for (int k = 0; k < values.length; k++) {
                s += values[k];
                if (s >= target) {
                    return k + 1;
                }
            }
            return values.length;
        }

        /** The eigenpairs of a symmetric matrix, sorted. */
        static Eigen of(DMatrixRMaj symmetric) {
            int n = symmetric.numRows;
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
            if (!eig.decompose(symmetric)) {
                throw new IllegalStateException("the eigendecomposition of a " + n + " x " + n + " covariance did not converge");
            }
            Integer[] order = new Integer[n];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -eig.getEigenvalue(i).real));
            double[] values = new double[n];
            double[] vectors = new double[n * n];
            for (int j = 0; j < n; j++) {
                values[j] = Math.max(0, eig.getEigenvalue(order[j]).real);
                DMatrixRMaj v = eig.getEigenVector(order[j]);
                for (int i = 0; i < n; i++) {
                    vectors[i * n + j] = v.get(i, 0);
                }
            }
            return new Eigen(values, vectors);
        }
    }
}
