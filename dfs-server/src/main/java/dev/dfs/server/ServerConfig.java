package dev.dfs.server;

import java.net.InetSocketAddress;
import dev.dfs.server.fault.Mutation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run one Vice server. Build with {@link #builder(Path)}; every setter checks its
 * argument at once and names the bad value.
 */
public record ServerConfig(
    Path dataDir, InetSocketAddress listen, Duration callbackTtl, int workerThreads, Clock clock, Mutation mutation) {

  public static final int DEFAULT_PORT = dev.dfs.protocol.Addresses.DEFAULT_PORT;

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(callbackTtl, "callbackTtl");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(mutation, "mutation");
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** Builder for {@link ServerConfig}. */
  public static final class Builder {
    private final Path dataDir;
    private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
    private Duration callbackTtl = Duration.ofMinutes(30);
    private int workerThreads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private Clock clock = Clock.systemUTC();
    private Mutation mutation = Mutation.parse(System.getProperty(Mutation.PROPERTY));

    private Builder(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address, "listen");
      return this;
    }

    public Builder callbackTtl(Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("callbackTtl must be positive: " + ttl);
      }
      this.callbackTtl = ttl;
      return this;
    }

    public Builder workerThreads(int n) {
      if (n < 1 || n > 1024) {
        throw new IllegalArgumentException("workerThreads must be in 1..1024: " + n);
      }
      this.workerThreads = n;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A deliberate bug for the conformance suites' mutation checks; see {@link Mutation}. */
    public Builder mutation(Mutation m) {
      this.mutation = Objects.requireNonNull(m, "mutation");
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(dataDir, listen, callbackTtl, workerThreads, clock, mutation);
    }
  }
}
