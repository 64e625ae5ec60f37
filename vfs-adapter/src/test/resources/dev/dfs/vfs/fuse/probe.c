/* One POSIX call on the FUSE mount, printing "OK" or the errno's name: the tests compare errnos, not messages. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif

static const char *name(int e) {
  switch (e) {
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EXDEV: return "EXDEV";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case ELOOP: return "ELOOP";
    case ENOSYS: return "ENOSYS";
    default: return strerror(e);
  }
}

static int fail(void) {
  printf("%s\n", name(errno));
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: probe OP PATH [ARG]\n");
    return 2;
  }
  const char *op = argv[1], *p = argv[2], *q = argc > 3 ? argv[3] : "";
  long r = 0;
  if (!strcmp(op, "creat_excl")) r = open(p, O_CREAT | O_EXCL | O_WRONLY, 0644);
  else if (!strcmp(op, "open")) r = open(p, O_RDONLY);
  else if (!strcmp(op, "open_write")) r = open(p, O_WRONLY);
  else if (!strcmp(op, "open_nofollow")) r = open(p, O_RDONLY | O_NOFOLLOW);
  else if (!strcmp(op, "unlink")) r = unlink(p);
  else if (!strcmp(op, "rmdir")) r = rmdir(p);
  else if (!strcmp(op, "mkdir")) r = mkdir(p, 0755);
  else if (!strcmp(op, "rename")) r = rename(p, q);
  else if (!strcmp(op, "rename_noreplace")) r = syscall(SYS_renameat2, AT_FDCWD, p, AT_FDCWD, q, RENAME_NOREPLACE);
  else if (!strcmp(op, "link")) r = link(p, q);
  else if (!strcmp(op, "symlink")) r = symlink(p, q);
  else if (!strcmp(op, "readlink")) { char b[256]; r = readlink(p, b, sizeof b); }
  else if (!strcmp(op, "truncate")) r = truncate(p, atol(q));
  else if (!strcmp(op, "unlink_open")) {
    /* open, unlink, then write, read back and fstat through the descriptor */
    int fd = open(p, O_RDWR);
    if (fd < 0) return fail();
    if (unlink(p) < 0) return fail();
    if (write(fd, "still here", 10) != 10) return fail();
    char b[64] = {0};
    if (pread(fd, b, sizeof b - 1, 0) < 0) return fail();
    struct stat st;
    if (fstat(fd, &st) < 0) return fail();
    int gone = access(p, F_OK) < 0 && errno == ENOENT;
    printf("read=%s size=%ld gone=%d\n", b, (long) st.st_size, gone);
    if (close(fd) < 0) return fail();
    return 0;
  } else if (!strcmp(op, "append")) {
    /* two descriptors with O_APPEND: every write lands at the end */
    int a = open(p, O_WRONLY | O_APPEND), b = open(p, O_RDWR | O_APPEND);
    if (a < 0 || b < 0) return fail();
    if (write(a, "1", 1) != 1 || write(b, "2", 1) != 1 || write(a, "3", 1) != 1) return fail();
    lseek(b, 0, SEEK_SET);
    if (write(b, "4", 1) != 1) return fail();
    close(a);
    close(b);
  } else if (!strcmp(op, "ftruncate")) {
    int fd = open(p, O_RDWR);
    if (fd < 0) return fail();
    if (ftruncate(fd, atol(q)) < 0) return fail();
    struct stat st;
    fstat(fd, &st);
    printf("size=%ld\n", (long) st.st_size);
    close(fd);
    return 0;
  } else {
    fprintf(stderr, "unknown op %s\n", op);
    return 2;
  }
  if (r < 0) return fail();
  printf("OK\n");
  return 0;
}
