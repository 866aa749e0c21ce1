package com.sqm.local.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive OS lock {@code ./sqm dev} holds on its data directory while it runs: a second one
 * on the same directory is refused before it touches anything, and the OS releases the lock when
 * the holder dies, however it dies.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "dev.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code dir} or throws {@link LocalStartupException} naming the holder. */
  static DataDirectoryLock acquire(DataDirectory dir) {
    Path file = dir.root().resolve(FILE_NAME);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new LocalStartupException("cannot open " + file + ": " + e.getMessage(), e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this JVM
      }
      if (lock == null) {
        channel.close();
        throw new LocalStartupException(
            "another ./sqm dev is running on "
                + dir.root()
                + holder(file)
                + "; stop it first, or use another --data-dir");
      }
      // The holder's pid, for the message above; the lock, not this content, is what counts.
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + System.lineSeparator())
                  .getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(false);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      throw new LocalStartupException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.UTF_8).strip();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
