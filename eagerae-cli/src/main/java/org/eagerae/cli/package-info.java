/**
 * The {@code eagerae} command line (picocli): one class per command, shared option groups, and
 * the checks that refuse bad input before anything is read or written. Every error ends as one
 * line on standard error with exit code 2 (bad usage or input) or 1 (a failure, or running out of
 * memory); see {@link org.eagerae.cli.ErrorLines}.
 */
package org.eagerae.cli;
