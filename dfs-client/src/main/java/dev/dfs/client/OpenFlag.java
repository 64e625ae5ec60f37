package dev.dfs.client;

/** How to open a file, as open(2)'s flags; a set of them is checked once by {@link DfsClient#open}. */
public enum OpenFlag {
  READ,
  WRITE,
  /** Every write goes to the end of the file. */
  APPEND,
  /** Create the file if it does not exist. */
  CREATE,
  /** Create the file; fail with EEXIST if it exists (O_CREAT|O_EXCL). */
  CREATE_NEW,
  /** Truncate to 0 bytes on open (needs WRITE). */
  TRUNCATE,
  /** Do not follow a symlink in the last component (ELOOP if it is one). */
  NOFOLLOW
}
