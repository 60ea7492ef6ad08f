/**
 * Helpers shared by the configuration records of {@code nn}, {@code nn.loss} and {@code optim}:
 * copies of a record with one component replaced, and a record's components by name. Not
 * exported: the user API is each record's named {@code with…} methods.
 */
package dev.kiln.internal;
