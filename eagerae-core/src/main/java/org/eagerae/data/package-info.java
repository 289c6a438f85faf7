/**
 * Images and where they come from: readers for IDX files, CIFAR-10's binary version and folders
 * of images; seeded splits and bootstrap resamples; and the verified fetch of the published
 * datasets ({@link org.eagerae.data.PublishedDataset}), which checks every file's MD5, keeps a bad
 * copy aside instead of overwriting it, and says which files were used
 * ({@link org.eagerae.data.VerifiedFolder}).
 */
package org.eagerae.data;
