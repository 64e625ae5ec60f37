package dev.dfs.vfs.sftp;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * MINA's SFTP subsystem with our status mapping ({@link SftpStatus}) and one fix: MINA 2.15's
 * {@code SftpSubsystem.doFStat} passes "follow links" where its callee wants "never follow links",
 * so FSTAT of a file opened through a symlinked directory ({@code ln -s real d; cat d/f}) fails
 * with "no such file" (STAT and LSTAT negate it correctly). {@code sshfs} uses FSTAT on open files.
 */
final class GatewaySubsystemFactory extends SftpSubsystemFactory {
  GatewaySubsystemFactory() {
    setErrorStatusDataHandler(SftpStatus.HANDLER);
  }

  @Override
  public Command createSubsystem(ChannelSession channel) throws IOException {
    return new Subsystem(channel, this);
  }

  static final class Subsystem extends SftpSubsystem {
    Subsystem(ChannelSession channel, SftpSubsystemFactory factory) {
      super(channel, factory);
    }

    @Override
    protected Map<String, Object> doFStat(int id, String handle, int flags) throws IOException {
      Handle h = validateHandle(handle, handles.get(handle), Handle.class);
      Path file = h.getFile();
      LinkOption[] options = getFileSystemAccessor().resolveFileAccessLinkOptions(this, file,
          SftpConstants.SSH_FXP_FSTAT, "", true);
      boolean followLinks = resolvePathResolutionFollowLinks(SftpConstants.SSH_FXP_FSTAT, handle, file);
      return resolveFileAttributes(file, flags, !followLinks, options);
    }
  }
}
