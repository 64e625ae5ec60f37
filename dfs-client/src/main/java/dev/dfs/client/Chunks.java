package dev.dfs.client;

import dev.dfs.client.cache.Container;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Fills a container's missing chunks from the server, pipelined, all from its one version. */
final class Chunks {
  private Chunks() {}

  /**
   * Fetches {@code chunks} into {@code c}. Fails with ESTALE if the server no longer has the
   * container's version: a snapshot cannot be completed from a newer file.
   */
  static void fill(DfsClient client, Container c, List<Integer> chunks) {
    Deque<CompletableFuture<Reply>> window = new ArrayDeque<>();
    Deque<Integer> pending = new ArrayDeque<>();
    int next = 0;
    try {
      while (next < chunks.size() || !window.isEmpty()) {
        while (next < chunks.size() && window.size() < DfsClient.WINDOW) {
          int chunk = chunks.get(next++);
          window.add(client.link().send(new Request.Fetch(c.fid(), (long) chunk * Container.CHUNK, Container.CHUNK)));
          pending.add(chunk);
        }
        Reply.Data d = client.link().await(window.poll(), Reply.Data.class);
        accept(c, pending.poll(), d);
      }
    } catch (DfsException e) {
      if (e.status() != Status.EUNREACHABLE) {
        throw e;
      }
      // The connection dropped: finish one by one with calls that reconnect and retry.
      window.forEach(f -> f.cancel(false));
      List<Integer> rest = new java.util.ArrayList<>(pending);
      rest.addAll(chunks.subList(next, chunks.size()));
      for (int chunk : rest) {
        Reply.Data d = client.call(new Request.Fetch(c.fid(), (long) chunk * Container.CHUNK, Container.CHUNK),
            Reply.Data.class);
        accept(c, chunk, d);
      }
    }
  }

  private static void accept(Container c, int chunk, Reply.Data d) {
    if (d.attr().dataVersion() != c.version()) {
      throw new DfsException(Status.ESTALE, "file " + c.fid() + " changed on the server (version "
          + d.attr().dataVersion() + ", this copy is " + c.version() + "); reopen it to see the new content");
    }
    c.fill(chunk, d.data());
  }
}
