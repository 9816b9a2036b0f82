/**
 * The views' refreshes: read the store, ask Slurm once, and build the model the renderers in
 * {@link dev.memescalate.report} turn into text, JSON or HTML. The only place views touch the store and Slurm.
 */
package dev.memescalate.view;
