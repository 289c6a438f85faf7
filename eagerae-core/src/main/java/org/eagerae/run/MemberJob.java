package org.eagerae.run;

/**
 * The unit of parallel work: one member of a run, identified by its index, trained from its seed.
 * Every backend turns a job into the same member folder with the same numbers.
 *
 * @param member member index
 * @param seed   the member's seed
 */
public record MemberJob(int member, long seed) {}
