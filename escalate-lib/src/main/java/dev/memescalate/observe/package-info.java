/**
 * What a running chain looks like right now: the store's record of it ({@link dev.memescalate.observe.ChainSnapshot},
 * read in one transaction) and what Slurm says of its live jobs ({@link dev.memescalate.observe.LiveProbe}: one
 * squeue call per refresh for this chain's job ids only, and at most one sacct call every 30 s, as sacct's man page
 * asks). {@link dev.memescalate.observe.StallCheck} tells a chain that no handler will ever move again (STALLED).
 */
package dev.memescalate.observe;
