/** Files written so that no reader sees half of one ({@link org.eagerae.io.AtomicFiles}), and NumPy {@code .npy} arrays. */
package org.eagerae.io;
