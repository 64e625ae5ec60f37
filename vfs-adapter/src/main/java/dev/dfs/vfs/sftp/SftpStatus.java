package dev.dfs.vfs.sftp;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

/**
 * The one mapping from java.nio exceptions to SFTP status codes (STYLE rule 7).
 *
 * <p>Protocol version 3, the only one the OpenSSH {@code sftp} client and {@code sshfs} speak,
 * has nine codes; MINA sends the codes of version 4 and later ({@code SSH_FX_FILE_ALREADY_EXISTS},
 * {@code SSH_FX_DIR_NOT_EMPTY}, ...) to every client, which a version 3 client cannot read
 * ({@code sshfs} turns them all into {@code EIO}). For version 3 this maps as OpenSSH's own
 * {@code sftp-server} does: missing or not a directory or a loop is "no such file", EEXIST and
 * ENOTEMPTY are "failure", a bad name is "bad message". The message still names the precise
 * condition ("Directory not empty"). Version 4 and later get MINA's mapping
 * ({@link SftpHelper#resolveSubstatus}), except that a path leading outside the export is
 * "permission denied".
 */
final class SftpStatus {
  private SftpStatus() {}

  /** The handler given to MINA's subsystem factory. */
  static final SftpErrorStatusDataHandler HANDLER = new SftpErrorStatusDataHandler() {
    @Override
    public int resolveSubStatus(SftpSubsystemEnvironment sftp, int id, Throwable e, int cmd, Object... args) {
      return of(e, sftp.getVersion());
    }

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftp, int id, Throwable e, int subStatus, int cmd,
        Object... args) {
      return SftpHelper.resolveStatusMessage(of(e, SftpConstants.SFTP_V6));
    }
  };

  /** The status code for {@code e} on a channel of protocol {@code version}. */
  static int of(Throwable e, int version) {
    if (e instanceof ExportFileSystemFactory.OutsideExportException) {
      return SftpConstants.SSH_FX_PERMISSION_DENIED;
    }
    if (version > SftpConstants.SFTP_V3) {
      return SftpHelper.resolveSubstatus(e);
    }
    if (e instanceof NoSuchFileException || e instanceof FileNotFoundException
        || e instanceof NotDirectoryException || e instanceof FileSystemLoopException) {
      return SftpConstants.SSH_FX_NO_SUCH_FILE;
    }
    if (e instanceof AccessDeniedException) {
      return SftpConstants.SSH_FX_PERMISSION_DENIED;
    }
    if (e instanceof EOFException) {
      return SftpConstants.SSH_FX_EOF;
    }
    if (e instanceof UnsupportedOperationException) {
      return SftpConstants.SSH_FX_OP_UNSUPPORTED;
    }
    if (e instanceof InvalidPathException || e instanceof IllegalArgumentException) {
      return SftpConstants.SSH_FX_BAD_MESSAGE;
    }
    if (e instanceof SftpException s && s.getStatus() <= SftpConstants.SSH_FX_OP_UNSUPPORTED) {
      return s.getStatus();
    }
    // FileAlreadyExists, DirectoryNotEmpty, OverlappingFileLock, UserPrincipalNotFound, I/O errors
    return SftpConstants.SSH_FX_FAILURE;
  }
}
