/**
 * The spark backend: members as tasks on Apache Spark executors, one member per executor JVM at a
 * time ({@link org.eagerae.spark.SparkBackend}, chosen with {@code --backend spark}), with the
 * settings checked before anything runs ({@link org.eagerae.spark.SparkSettings}).
 */
package org.eagerae.spark;
