/**
 * The check engine's pure side: what a lab's declarative checks mean, evaluated over facts read from a
 * sandbox's Docker daemon through the {@link io.labfleet.validation.check.SandboxDaemon} port. Matching is
 * semantic (an image by any of its names or its id, a port however it was published, a mount however it was
 * declared, compose-made objects by their compose names), and every outcome carries a message, in French and
 * English, saying what was found and what to do. No Docker client types here: the adapter is
 * {@code io.labfleet.validation.docker}.
 */
package io.labfleet.validation.check;
