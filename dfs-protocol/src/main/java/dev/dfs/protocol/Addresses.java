package dev.dfs.protocol;

import java.net.InetSocketAddress;

/** Parsing of {@code host:port} addresses, the same for servers, clients and the CLI. */
public final class Addresses {
  /** The port Vice listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 7000;

  private Addresses() {}

  /**
   * Parses {@code host:port}, {@code host}, {@code :port} or {@code port}; {@code [v6]:port}
   * works too. The default host is 127.0.0.1: nothing listens beyond loopback unless asked.
   */
  public static InetSocketAddress parse(String text, int defaultPort) {
    String host = "127.0.0.1";
    String port = String.valueOf(defaultPort);
    int colon = text.lastIndexOf(':');
    boolean bareV6 = text.indexOf(':') != colon && !text.startsWith("[");
    if (colon >= 0 && !bareV6) {
      host = colon == 0 ? host : text.substring(0, colon);
      port = text.substring(colon + 1);
    } else if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
      port = text;
    } else if (!text.isEmpty()) {
      host = text;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a host:port address: '" + text + "'");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("port " + p + " out of range 0..65535 in '" + text + "'");
    }
    return new InetSocketAddress(host, p);
  }

  /** {@code host:port} as a person would type it. */
  public static String format(InetSocketAddress a) {
    String host = a.getHostString();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
