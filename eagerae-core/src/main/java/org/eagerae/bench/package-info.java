/**
 * Benchmarks whose results belong in {@code docs/BENCHMARKS.md}: backends side by side
 * ({@link org.eagerae.bench.EnsembleBenchmark}), where an epoch goes
 * ({@link org.eagerae.bench.EpochProfile}), where a training step goes layer by layer
 * ({@link org.eagerae.bench.LayerProfile}), and the yardsticks: the machine's GEMM peak and its
 * CPU's vector extensions.
 */
package org.eagerae.bench;
