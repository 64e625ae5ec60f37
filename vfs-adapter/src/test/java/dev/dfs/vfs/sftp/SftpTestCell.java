package dev.dfs.vfs.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.server.ServerConfig;
import dev.dfs.server.ViceServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * For the gateway's tests: a real Vice server on loopback, a client, a key pair made by the real
 * {@code ssh-keygen} with its public half in an authorized_keys file, and a gateway on port 0.
 * Public so that the conformance suite (package {@code dev.dfs.vfs}) can use it.
 */
public final class SftpTestCell implements AutoCloseable {
  public final ViceServer server;
  public final DfsClient client;
  public final SftpGateway gateway;
  public final Path dir;
  public final Path key;
  public final Path authorizedKeys;
  public final Path hostKey;
  private final List<AutoCloseable> extra = new ArrayList<>();

  /**
   * The key type the gateway can check: Ed25519 needs an EdDSA implementation (BouncyCastle or
   * net.i2p eddsa) on the class path; without one, MINA reads only RSA and ECDSA keys.
   */
  public static String keyType() {
    return SecurityUtils.isEDDSACurveSupported() ? "ed25519" : "ecdsa";
  }

  public SftpTestCell(Path dir) throws IOException {
    this(dir, Consistency.SESSION);
  }

  public SftpTestCell(Path dir, Consistency mode) throws IOException {
    this.dir = dir;
    this.server = ViceServer.start(ServerConfig.builder(Files.createDirectories(dir.resolve("data")))
        .listen(new InetSocketAddress("127.0.0.1", 0)).build());
    try {
      this.client = DfsClient.connect(ClientConfig.of(server.address()).withMode(mode)
          .withTimeout(Duration.ofSeconds(20)));
      this.key = dir.resolve("id_test");
      keygen(key);
      this.authorizedKeys = dir.resolve("authorized_keys");
      Files.copy(dir.resolve("id_test.pub"), authorizedKeys);
      this.hostKey = dir.resolve("host_key");
      this.gateway = SftpGateway.start(config().build());
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The cell's gateway configuration, to start more gateways on the same client. */
  public SftpGateway.Config.Builder config() {
    return SftpGateway.builder().client(client).listen(new InetSocketAddress("127.0.0.1", 0))
        .authorizedKeys(authorizedKeys).hostKey(hostKey);
  }

  public static boolean hasProgram(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, name))) {
        return true;
      }
    }
    return false;
  }

  /** Makes a key pair without passphrase with the real ssh-keygen. */
  public static void keygen(Path file) throws IOException {
    Run r = run(file.getParent(), List.of("ssh-keygen", "-q", "-t", keyType(), "-N", "", "-C", "dfs-test", "-f",
        file.toString()));
    if (r.code != 0) {
      throw new IOException("ssh-keygen failed: " + r.out);
    }
  }

  /** A MINA SFTP client file system on the gateway, logged in with the cell's key. */
  public FileSystem sftpFileSystem() throws IOException {
    return sftpFileSystem(gateway.address());
  }

  /** As {@link #sftpFileSystem()}, on another gateway that accepts the cell's key. */
  public FileSystem sftpFileSystem(InetSocketAddress address) throws IOException {
    SshClient ssh = SshClient.setUpDefaultClient();
    ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
    ssh.start();
    extra.add(ssh);
    ClientSession session = ssh.connect("tester", address).verify(10, TimeUnit.SECONDS).getSession();
    extra.add(session);
    for (KeyPair kp : new FileKeyPairProvider(key).loadKeys(null)) {
      session.addPublicKeyIdentity(kp);
    }
    session.auth().verify(10, TimeUnit.SECONDS);
    FileSystem fs = SftpClientFactory.instance().createSftpFileSystem(session);
    extra.add(fs);
    return fs;
  }

  /** The OpenSSH options every test command line uses: no host key checks, only the given key. */
  public static List<String> sshOptions(Path key) {
    return List.of("-i", key.toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR");
  }

  /** A finished process: exit code and merged output. */
  public record Run(int code, String out) {}

  /** Runs a program to its end (at most 60 s) and returns its exit code and output. */
  public static Run run(Path cwd, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + command);
      }
      return new Run(p.exitValue(), new String(out, UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted: " + command, e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      for (int i = extra.size() - 1; i >= 0; i--) {
        try {
          extra.get(i).close();
        } catch (Exception e) {
          // best effort: the gateway's own close below ends what is left
        }
      }
      gateway.close();
      client.close();
    } finally {
      server.close();
    }
  }
}
