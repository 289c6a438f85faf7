/**
 * The library's root: what every package shares, which is the one exception type for bad input
 * ({@link org.eagerae.InvalidInputException}), whose message the command line prints as it is, and its
 * kind for a setting with a value it cannot have ({@link org.eagerae.InvalidSettingException}), whose
 * message names the setting as the library does ({@code batchSize}) and the command line as its flag
 * ({@code --batch-size}).
 * The work is in the packages below: {@code data} (datasets and splits), {@code model} (the CAE),
 * {@code train} (one member's training), {@code ensemble} (members in parallel and the run folder),
 * {@code classify}, {@code models} and {@code predict} (classifiers, saved models and their use),
 * {@code experiment} and {@code report} (the paper's study), {@code io} and {@code api}. The
 * benchmarks are not part of the library: they live in the command-line module ({@code eagerae bench}).
 */
package org.eagerae;
