package dev.dfs.vfs.sftp;

import static org.apache.sshd.sftp.common.SftpConstants.SFTP_V3;
import static org.apache.sshd.sftp.common.SftpConstants.SFTP_V6;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_BAD_MESSAGE;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_DIR_NOT_EMPTY;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_EOF;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_FAILURE;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_FILE_ALREADY_EXISTS;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_INVALID_FILENAME;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_LINK_LOOP;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_NOT_A_DIRECTORY;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_NO_SUCH_FILE;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_OP_UNSUPPORTED;
import static org.apache.sshd.sftp.common.SftpConstants.SSH_FX_PERMISSION_DENIED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exception -> SFTP status mapping, row by row, for protocol 3 (OpenSSH, sshfs) and 6 (MINA). */
class SftpStatusTest {
  static Stream<Arguments> rows() {
    return Stream.of(
        // exception, version 3 (as OpenSSH's sftp-server maps errno), version 6 (MINA's mapping)
        Arguments.of(new NoSuchFileException("/a"), SSH_FX_NO_SUCH_FILE, SSH_FX_NO_SUCH_FILE),
        Arguments.of(new FileAlreadyExistsException("/a"), SSH_FX_FAILURE, SSH_FX_FILE_ALREADY_EXISTS),
        Arguments.of(new DirectoryNotEmptyException("/a"), SSH_FX_FAILURE, SSH_FX_DIR_NOT_EMPTY),
        Arguments.of(new AccessDeniedException("/a"), SSH_FX_PERMISSION_DENIED, SSH_FX_PERMISSION_DENIED),
        Arguments.of(new NotDirectoryException("/a"), SSH_FX_NO_SUCH_FILE, SSH_FX_NOT_A_DIRECTORY),
        Arguments.of(new FileSystemLoopException("/a"), SSH_FX_NO_SUCH_FILE, SSH_FX_LINK_LOOP),
        Arguments.of(new InvalidPathException("a\0b", "Nul character not allowed"), SSH_FX_BAD_MESSAGE,
            SSH_FX_INVALID_FILENAME),
        Arguments.of(new ExportFileSystemFactory.OutsideExportException("/x"), SSH_FX_PERMISSION_DENIED,
            SSH_FX_PERMISSION_DENIED),
        Arguments.of(new EOFException(), SSH_FX_EOF, SSH_FX_EOF),
        Arguments.of(new UnsupportedOperationException(), SSH_FX_OP_UNSUPPORTED, SSH_FX_OP_UNSUPPORTED),
        Arguments.of(new FileSystemException("/a", null, "I/O error"), SSH_FX_FAILURE, SSH_FX_FAILURE),
        Arguments.of(new IOException("connection to server lost"), SSH_FX_FAILURE, SSH_FX_FAILURE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void mapsEachException(Throwable e, int v3, int v6) {
    assertEquals(v3, SftpStatus.of(e, SFTP_V3), "v3");
    assertEquals(v6, SftpStatus.of(e, SFTP_V6), "v6");
  }
}
