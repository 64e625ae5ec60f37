package dev.dfs.server.volume;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Configuration of a {@link FileService}.
 *
 * @param dataDir directory that holds the LMDB metadata ({@code meta/}) and the content store
 *     ({@code content/})
 * @param serverAddress {@code host:port} reported in volume location entries
 * @param clock the only source of time (file times, duplicate-request cache ages, store expiry)
 * @param mapSizeBytes the LMDB map size: the most metadata the server can hold. The map is a
 *     sparse file, so a large value costs no disk until used.
 */
public record StoreConfig(Path dataDir, String serverAddress, Clock clock, long mapSizeBytes) {
  /** Default LMDB map size: 64 GiB (sparse). */
  public static final long DEFAULT_MAP_SIZE = 64L << 30;

  public StoreConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(serverAddress, "serverAddress");
    Objects.requireNonNull(clock, "clock");
    if (serverAddress.isEmpty()) {
      throw new IllegalArgumentException("serverAddress must not be empty");
    }
    if (mapSizeBytes < (1L << 20)) {
      throw new IllegalArgumentException("mapSizeBytes must be at least 1 MiB, got " + mapSizeBytes);
    }
  }

  /** A configuration with the system UTC clock, address {@code localhost:0} and a 64 GiB map. */
  public static StoreConfig defaults(Path dataDir) {
    return new StoreConfig(dataDir, "localhost:0", Clock.systemUTC(), DEFAULT_MAP_SIZE);
  }

  public StoreConfig withServerAddress(String address) {
    return new StoreConfig(dataDir, address, clock, mapSizeBytes);
  }

  public StoreConfig withClock(Clock c) {
    return new StoreConfig(dataDir, serverAddress, c, mapSizeBytes);
  }

  public StoreConfig withMapSizeBytes(long size) {
    return new StoreConfig(dataDir, serverAddress, clock, size);
  }
}
