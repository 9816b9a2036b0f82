/**
 * {@code mem-escalate doctor}: checks of the environment a user runs mem-escalate in (Java, the jar the handler jobs
 * run, Slurm's configuration and commands, slurmctld, sacct, the tracker directory). {@link Doctor} decides from
 * facts handed in ({@link DoctorFacts}, {@link FileFacts}, a {@link dev.memescalate.slurm.Slurm}, a clock), so every
 * rule is unit-tested with fakes; the CLI gathers the facts.
 */
package dev.memescalate.doctor;
