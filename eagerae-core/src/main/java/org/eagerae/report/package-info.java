/**
 * Figures for reports, drawn as PNG files: line charts with error bars and a timing diagram
 * ({@link org.eagerae.report.Charts}) and grids of images beside their reconstructions
 * ({@link org.eagerae.report.ReconstructionGrid}). What the figures show is decided by their callers.
 */
package org.eagerae.report;
