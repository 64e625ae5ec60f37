package dev.dfs.vfs;

import dev.dfs.vfs.sftp.SftpTestCell;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite through the SFTP gateway, with MINA's own SFTP client file system as the
 * java.nio face on the client side (so: client provider -> SFTP v6 -> gateway -> dfs: provider ->
 * server). It lives in this package because {@link FilesConformance} is package-private.
 *
 * <p>Where a test fails for a reason of the SFTP client file system or of the protocol, not of the
 * gateway, it is skipped with that reason.
 */
class SftpGatewayConformanceTest extends FilesConformance {
  static SftpTestCell cell;
  static FileSystem sftp;
  static final AtomicInteger next = new AtomicInteger();

  /** Test name -> why it cannot pass over SFTP. */
  static final String NIO =
      "MINA's SFTP client throws SftpException(status), not the java.nio subclass (statuses: SftpStatusTest)";
  static final Map<String, String> SKIPS = Map.ofEntries(
      Map.entry("missingFilesAreNoSuchFile", NIO),
      Map.entry("createNewOnExistingFails", NIO),
      Map.entry("fileUnderAFileIsNotADirectory", NIO),
      Map.entry("directoriesCreateAndDelete", NIO),
      Map.entry("moveDirectoriesWithTheirContent", NIO),
      Map.entry("copyOfADirectoryIsEmpty", NIO),
      Map.entry("writingADirectoryFails", NIO),
      Map.entry("listingAFileIsNotADirectory", NIO),
      Map.entry("hardLinksShareContentAndIdentity", "MINA's client provider has no createLink (hardlink@openssh.com: OpenSshSftpTest ln)"),
      Map.entry("deleteOnClose", "MINA's client rejects DELETE_ON_CLOSE"),
      Map.entry("illegalOptionMixesAreRejected", "MINA's client throws IllegalArgumentException where the JDK throws UnsupportedOperationException"),
      Map.entry("copyOfASymlinkFollowsUnlessNoFollow", "MINA's client: 'Copying of symbolic links not supported'"),
      Map.entry("atomicMoveReplaces", "MINA's client refuses ATOMIC_MOVE onto an existing file before asking the server"),
      Map.entry("moveRenames", "MINA's client refuses a move onto itself (FileAlreadyExists) before asking the server"),
      Map.entry("copyFiles", "MINA's client refuses a copy onto itself (FileAlreadyExists) before asking the server"),
      Map.entry("ownersRoundTripThroughTheLookupService", "MINA's client has no FileOwnerAttributeView"),
      Map.entry("attributesByName", "MINA's client has no FileOwnerAttributeView"),
      Map.entry("pathsOfTheFileSystem", "MINA's client paths have no toFile/URI round trip"),
      Map.entry("symbolicLinks", "MINA's client isSameFile compares path names (SFTP has no file key)"),
      Map.entry("hiddenAndSameFile", "MINA's client isSameFile compares path names (SFTP has no file key)"),
      Map.entry("basicAttributes", "SFTP attributes carry no file key"),
      Map.entry("posixPermissions", "MINA's client drops the FileAttribute of createFile/createDirectory"),
      Map.entry("accessChecksFollowTheModeBits", "MINA's client checkAccess ignores the mode bits"),
      Map.entry("fileStoreReportsSpace", "MINA's client getFileStore does not check that the path exists"),
      Map.entry("locksWithinOneProcessDoNotOverlap", "MINA's client FileChannel.lock keeps no in-process lock table"),
      Map.entry("timesRoundTrip", "MINA's client sends whole seconds"),
      Map.entry("symlinksThroughDirectoriesAndDangling", "MINA's SFTP server answers REALPATH lexically, without resolving links"),
      Map.entry("seekableChannelPositionSizeTruncate", "MINA's client channel size() stats the path, which in session mode shows the last stored version until close"));

  @BeforeAll
  static void start(@TempDir Path temp) throws Exception {
    cell = new SftpTestCell(temp);
    sftp = cell.sftpFileSystem();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cell != null) {
      cell.close();
    }
  }

  @BeforeEach
  void skipWhatSftpCannotDo(TestInfo info) {
    String name = info.getTestMethod().orElseThrow().getName();
    Assumptions.assumeFalse(SKIPS.containsKey(name), () -> "over SFTP: " + SKIPS.get(name));
  }

  @Override
  Path root() throws IOException {
    return Files.createDirectory(sftp.getPath("/test-" + next.incrementAndGet()));
  }
}
