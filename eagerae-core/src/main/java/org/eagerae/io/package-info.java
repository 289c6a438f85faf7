/** Writing files so that no reader ever sees half of one ({@link org.eagerae.io.AtomicFiles}). */
package org.eagerae.io;
