/**
 * Training one member: the epoch loop ({@link org.eagerae.train.MemberTrainer}), Adam, stopping
 * rules, and the member's files: checkpoints that prove they are whole and a metrics file whose
 * rows are found by epoch number ({@link org.eagerae.train.MemberFolder}).
 */
package org.eagerae.train;
