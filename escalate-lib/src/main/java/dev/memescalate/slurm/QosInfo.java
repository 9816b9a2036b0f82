package dev.memescalate.slurm;

import java.time.Duration;
import java.util.Optional;

/**
 * One QOS as {@code sacctmgr show qos} describes it.
 *
 * @param name Name
 * @param maxWall MaxWall: the longest time limit a job under it may have; empty when not set
 */
public record QosInfo(String name, Optional<Duration> maxWall) {
}
