package dev.dfs.vfs.sftp;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.DfsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dfs sftp}: an SFTP server (Apache MINA SSHD) that exposes a DFS tree, so that the OpenSSH
 * {@code sftp} client, {@code sshfs} and any other SFTP client reach the cell.
 *
 * <pre>{@code
 * try (SftpGateway g = SftpGateway.start(SftpGateway.builder()
 *     .server(ClientConfig.of(new InetSocketAddress("127.0.0.1", 7000)))
 *     .listen(new InetSocketAddress("127.0.0.1", 2222))
 *     .authorizedKeys(Path.of(System.getProperty("user.home"), ".ssh/authorized_keys"))
 *     .build())) {
 *   System.out.println("ready on " + g.address() + " (host key " + g.hostKeyFingerprint() + ")");
 *   ...
 * }
 * }</pre>
 *
 * <p>What it does:
 * <ul>
 *   <li>Every file operation goes through the {@code dfs:} java.nio provider
 *       ({@link dev.dfs.vfs.DfsFileSystems#wrap}); each SFTP channel gets its own file system view,
 *       which MINA closes when the channel ends, over the one shared {@link DfsClient}.
 *   <li>The view is rooted at {@link Config#root()}: {@code ..}, absolute paths and symbolic links
 *       resolve inside it. The gateway never touches the local file system of its host.
 *   <li>Authentication by public key only, against an OpenSSH {@code authorized_keys} file (re-read
 *       when it changes); passwords, keyboard-interactive and host-based logins are refused. Any
 *       user name is accepted with an authorized key.
 *   <li>Identity: every session acts as the {@link DfsClient}'s uid and gid
 *       ({@link ClientConfig#uid()}); the SSH user name is not mapped to a DFS user (yet).
 *   <li>The host key is read from {@link Config#hostKey()}, or generated there once (Ed25519 when
 *       the JVM has an EdDSA implementation on the class path, otherwise ECDSA P-256) and kept:
 *       a key file is never overwritten.
 *   <li>Only the {@code sftp} subsystem: no shell, no exec, no forwarding.
 * </ul>
 */
public final class SftpGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SftpGateway.class);

  private final Config config;
  private final SshServer sshd;
  private final DfsClient client;
  private final boolean ownsClient;
  private final String fingerprint;
  private final InetSocketAddress address;
  private volatile boolean closed;

  private SftpGateway(Config config, SshServer sshd, DfsClient client, boolean ownsClient, String fingerprint,
      InetSocketAddress address) {
    this.config = config;
    this.sshd = sshd;
    this.client = client;
    this.ownsClient = ownsClient;
    this.fingerprint = fingerprint;
    this.address = address;
  }

  /** A new configuration builder. */
  public static Config.Builder builder() {
    return new Config.Builder();
  }

  /** The default host key file: {@code ~/.config/dfs/ssh_host_key}. */
  public static Path defaultHostKey() {
    return Path.of(System.getProperty("user.home"), ".config", "dfs", "ssh_host_key");
  }

  /** The default authorized keys file: {@code ~/.ssh/authorized_keys}. */
  public static Path defaultAuthorizedKeys() {
    return Path.of(System.getProperty("user.home"), ".ssh", "authorized_keys");
  }

  /**
   * Starts a gateway: connects to the server (unless given a client), loads or generates the host
   * key, and listens.
   *
   * @throws NoSuchFileException if the authorized keys file does not exist
   * @throws IOException if the host key cannot be read or written, or the address cannot be bound
   * @throws dev.dfs.protocol.DfsException (EUNREACHABLE) if the file server cannot be reached
   */
  public static SftpGateway start(Config config) throws IOException {
    Objects.requireNonNull(config, "config");
    if (!Files.isRegularFile(config.authorizedKeys())) {
      throw new NoSuchFileException(config.authorizedKeys().toString(), null,
          "authorized keys file missing (one OpenSSH public key per line, e.g. a copy of ~/.ssh/id_ed25519.pub)");
    }
    HostKey hostKey = HostKey.loadOrGenerate(config.hostKey());
    boolean owns = config.client() == null;
    DfsClient client = owns ? DfsClient.connect(config.server()) : config.client();
    SshServer sshd = SshServer.setUpDefaultServer();
    try {
      sshd.setHost(config.listen().getHostString());
      sshd.setPort(config.listen().getPort());
      // Without it every small SFTP request waits out the peer's 40 ms delayed ACK (bench/RESULTS.md).
      org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
      sshd.setKeyPairProvider(hostKey.provider());
      sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(config.authorizedKeys()));
      sshd.setPasswordAuthenticator(null);
      sshd.setKeyboardInteractiveAuthenticator(null);
      sshd.setGSSAuthenticator(null);
      sshd.setHostBasedAuthenticator(null);
      sshd.setShellFactory(null);
      sshd.setCommandFactory(null);
      sshd.setFileSystemFactory(new ExportFileSystemFactory(client, config.root()));
      sshd.setSubsystemFactories(List.of(new GatewaySubsystemFactory()));
      sshd.start();
    } catch (IOException | RuntimeException e) {
      closeQuietly(sshd);
      if (owns) {
        client.close();
      }
      throw e;
    }
    InetSocketAddress bound = new InetSocketAddress(config.listen().getAddress(), sshd.getPort());
    LOG.info("sftp gateway on {} exporting {} of {} (host key {})", bound, config.root(),
        client.config().server(), hostKey.fingerprint());
    return new SftpGateway(config, sshd, client, owns, hostKey.fingerprint(), bound);
  }

  /** The address it listens on, with the real port when the configuration asked for port 0. */
  public InetSocketAddress address() {
    return address;
  }

  /** The host key's fingerprint as OpenSSH prints it: {@code SHA256:...}. */
  public String hostKeyFingerprint() {
    return fingerprint;
  }

  public Config config() {
    return config;
  }

  /** Stops listening, ends every session, and closes the client if the gateway connected it. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      sshd.stop(true);
    } finally {
      if (ownsClient) {
        client.close();
      }
    }
  }

  private static void closeQuietly(SshServer sshd) {
    try {
      sshd.stop(true);
    } catch (IOException | RuntimeException e) {
      LOG.debug("stopping a gateway that failed to start", e);
    }
  }

  /** Loads the host key, or generates it once; never overwrites a key file. */
  record HostKey(HostKeyProvider provider, String fingerprint) {
    static HostKey loadOrGenerate(Path file) throws IOException {
      boolean existed = Files.exists(file);
      if (!existed && file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      HostKeyProvider p = new HostKeyProvider(file);
      List<KeyPair> keys;
      try {
        keys = p.loadKeys(null);
      } catch (RuntimeException e) {
        throw new IOException("cannot load host key " + file + ": " + e.getMessage(), e);
      }
      if (keys.isEmpty() || (existed && !p.loadedFromFile())) {
        throw new IOException("cannot read host key " + file + " (not an OpenSSH/PEM private key without passphrase?)");
      }
      if (!Files.isRegularFile(file)) {
        throw new IOException("cannot write host key " + file);
      }
      return new HostKey(p, KeyUtils.getFingerPrint(keys.get(0).getPublic()));
    }
  }

  /** MINA's generator, told to accept whatever key type the file holds instead of replacing it. */
  static final class HostKeyProvider extends org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider {
    private volatile boolean loaded;

    HostKeyProvider(Path file) {
      super(file);
      setOverwriteAllowed(false);
      if (SecurityUtils.isEDDSACurveSupported()) {
        setAlgorithm(SecurityUtils.EDDSA);
      } else {
        setAlgorithm(KeyUtils.EC_ALGORITHM);
        setKeySize(256);
      }
    }

    boolean loadedFromFile() {
      return loaded;
    }

    @Override
    protected Iterable<KeyPair> loadFromFile(org.apache.sshd.common.session.SessionContext session, String alg,
        Path keyPath) throws IOException, java.security.GeneralSecurityException {
      if (!Files.isRegularFile(keyPath)) {
        return null;
      }
      Iterable<KeyPair> ids = readKeyPairs(session, keyPath);
      boolean any = ids != null && ids.iterator().hasNext();
      loaded = any;
      return any ? ids : null;
    }
  }

  /**
   * What a gateway serves and how it is reached. Exactly one of {@link #client()} (a client the
   * caller owns and closes) and {@link #server()} (a client the gateway connects and closes) is set.
   *
   * @param listen address to listen on (port 0: any free port)
   * @param authorizedKeys the OpenSSH authorized_keys file of the users who may log in
   * @param hostKey the host's private key file, generated there if missing
   * @param root the exported directory, an absolute DFS path ({@code /} for the whole tree)
   */
  public record Config(InetSocketAddress listen, Path authorizedKeys, Path hostKey, String root, DfsClient client,
      ClientConfig server) {
    public Config {
      Objects.requireNonNull(listen, "listen");
      Objects.requireNonNull(authorizedKeys, "authorizedKeys");
      Objects.requireNonNull(hostKey, "hostKey");
      Objects.requireNonNull(root, "root");
      if ((client == null) == (server == null)) {
        throw new IllegalArgumentException("give exactly one of client and server");
      }
      checkRoot(root);
    }

    static void checkRoot(String root) {
      if (!root.startsWith("/") || root.indexOf('\0') >= 0
          || List.of(root.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
        throw new IllegalArgumentException("root must be an absolute DFS path without '.', '..' or NUL: '" + root + "'");
      }
    }

    /** Builds a {@link Config}; each setter checks its argument at once. */
    public static final class Builder {
      private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 2222);
      private Path authorizedKeys = defaultAuthorizedKeys();
      private Path hostKey = defaultHostKey();
      private String root = "/";
      private DfsClient client;
      private ClientConfig server;

      Builder() {}

      /** Where to listen. Default 127.0.0.1:2222. */
      public Builder listen(InetSocketAddress address) {
        Objects.requireNonNull(address, "listen");
        if (address.isUnresolved()) {
          throw new IllegalArgumentException("listen address unresolved: " + address);
        }
        this.listen = address;
        return this;
      }

      /** The authorized_keys file. Default {@code ~/.ssh/authorized_keys}. */
      public Builder authorizedKeys(Path file) {
        this.authorizedKeys = Objects.requireNonNull(file, "authorizedKeys");
        return this;
      }

      /** The host key file. Default {@link SftpGateway#defaultHostKey()}. */
      public Builder hostKey(Path file) {
        this.hostKey = Objects.requireNonNull(file, "hostKey");
        return this;
      }

      /** The exported DFS directory (absolute). Default {@code /}. */
      public Builder root(String dfsPath) {
        Objects.requireNonNull(dfsPath, "root");
        checkRoot(dfsPath);
        this.root = dfsPath.length() > 1 && dfsPath.endsWith("/") ? dfsPath.substring(0, dfsPath.length() - 1) : dfsPath;
        return this;
      }

      /** Serve through this client; the gateway does not close it. */
      public Builder client(DfsClient c) {
        this.client = Objects.requireNonNull(c, "client");
        this.server = null;
        return this;
      }

      /** Connect a client of this configuration at start, and close it with the gateway. */
      public Builder server(ClientConfig c) {
        this.server = Objects.requireNonNull(c, "server");
        this.client = null;
        return this;
      }

      public Config build() {
        if (client == null && server == null) {
          throw new IllegalStateException("no DFS to serve: call client(DfsClient) or server(ClientConfig)");
        }
        return new Config(listen, authorizedKeys, hostKey, root, client, server);
      }
    }
  }
}
