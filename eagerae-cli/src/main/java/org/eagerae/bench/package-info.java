/**
 * The benchmarks behind {@code eagerae bench}, kept in the command-line module so that the library
 * ships none of them; their results belong in {@code docs/BENCHMARKS.md}. Backends side by side
 * ({@link org.eagerae.bench.EnsembleBenchmark}), where an epoch goes
 * ({@link org.eagerae.bench.EpochProfile}), where a training step goes layer by layer
 * ({@link org.eagerae.bench.LayerProfile}), classification from a run's encoders
 * ({@link org.eagerae.bench.ClassifyBenchmark}), a saved model's prediction rate
 * ({@link org.eagerae.bench.PredictBenchmark}), and the yardsticks: the machine's GEMM peak
 * ({@link org.eagerae.bench.GemmPeak}), its CPU's vector extensions
 * ({@link org.eagerae.bench.CpuFeatures}) and a process's resident memory
 * ({@link org.eagerae.bench.ResidentMemory}).
 */
package org.eagerae.bench;
