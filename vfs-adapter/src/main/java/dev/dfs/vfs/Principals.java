package dev.dfs.vfs;

import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Owners and groups of DFS files. The cell stores numeric ids only and has no name service, so a
 * principal's name is its decimal id ("1000"), and lookup accepts decimal ids only. (The default
 * file system shows names such as "root" instead; both are stable and round-trip.)
 */
final class Principals {
  static final UserPrincipalLookupService LOOKUP = new UserPrincipalLookupService() {
    @Override
    public UserPrincipal lookupPrincipalByName(String name) throws UserPrincipalNotFoundException {
      return new User(parse(name));
    }

    @Override
    public GroupPrincipal lookupPrincipalByGroupName(String group) throws UserPrincipalNotFoundException {
      return new Group(parse(group));
    }
  };

  private Principals() {}

  private static int parse(String name) throws UserPrincipalNotFoundException {
    try {
      int id = Integer.parseInt(name);
      if (id < 0) {
        throw new UserPrincipalNotFoundException(name);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new UserPrincipalNotFoundException(name);
    }
  }

  /** A user of the cell, by uid. */
  record User(int uid) implements UserPrincipal {
    @Override
    public String getName() {
      return Integer.toString(uid);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  /** A group of the cell, by gid. */
  record Group(int gid) implements GroupPrincipal {
    @Override
    public String getName() {
      return Integer.toString(gid);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  static int uid(UserPrincipal p) {
    if (p instanceof User u) {
      return u.uid();
    }
    throw new ProviderMismatchException("not a dfs: user (look it up with the file system's lookup service): " + p);
  }

  static int gid(GroupPrincipal p) {
    if (p instanceof Group g) {
      return g.gid();
    }
    throw new ProviderMismatchException("not a dfs: group (look it up with the file system's lookup service): " + p);
  }
}
