package dev.dfs.protocol;

/**
 * A protocol message: a {@link Request} from client to server, a {@link Reply} to one, or a
 * {@link Push} the server sends unasked (callback breaks). Each message writes its own body;
 * {@link Op} knows how to read each one back.
 */
public sealed interface Message permits Request, Reply, Push {
  Op op();

  void write(Wire out);
}
