package dev.dfs.migration.policy;

import java.util.Objects;

/**
 * What a policy asks the mechanism (host agents and drivers, or the simulator) to do. The
 * mechanism checks a decision against the current state and may drop one made on stale
 * information (e.g. the job has finished meanwhile).
 */
public sealed interface Decision {

  /** The job the decision is about. */
  JobId job();

  /** Start a new job on {@code host}. */
  record PlaceJob(JobId job, HostId host) implements Decision {
    /** Checks the fields. */
    public PlaceJob {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(host, "host");
    }
  }

  /** Move a job with its state (checkpoint/restore or live migration) from one host to another. */
  record Migrate(JobId job, HostId from, HostId to) implements Decision {
    /** Checks the fields; {@code from} and {@code to} must differ. */
    public Migrate {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.equals(to)) {
        throw new IllegalArgumentException("migration of " + job + " from " + from + " to itself");
      }
    }
  }

  /** Stop a job where it is, keeping its memory (Condor, when the owner returns). */
  record Suspend(JobId job, HostId host) implements Decision {
    /** Checks the fields. */
    public Suspend {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(host, "host");
    }
  }

  /** Let a suspended job run again. */
  record Resume(JobId job, HostId host) implements Decision {
    /** Checks the fields. */
    public Resume {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(host, "host");
    }
  }

  /** Kill a job on {@code from} and restart it from the beginning on {@code to} (Condor without checkpoints). */
  record Evict(JobId job, HostId from, HostId to) implements Decision {
    /** Checks the fields. */
    public Evict {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }
}
