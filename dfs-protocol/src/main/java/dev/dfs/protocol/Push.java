package dev.dfs.protocol;

import java.util.List;

/** Messages the server sends without being asked; their frame's request id is 0. */
public sealed interface Push extends Message {

  /**
   * The server breaks its callback promises on these objects: another client changed them, so
   * cached copies must be revalidated before the next use. The client answers with
   * {@link Request.BreakAck} once it has dropped them; the server holds the conflicting write's
   * reply until then (or until the holder is declared dead), which is what makes a one-copy
   * read never see a value older than an acknowledged write.
   */
  record CallbackBreak(long breakId, List<Fid> fids) implements Push {
    public CallbackBreak {
      fids = List.copyOf(fids);
    }

    @Override
    public Op op() {
      return Op.CALLBACK_BREAK;
    }

    @Override
    public void write(Wire out) {
      out.putLong(breakId).putList(fids, Wire::putFid);
    }

    static CallbackBreak read(Wire in) {
      return new CallbackBreak(in.getLong(), in.getList(Wire::getFid));
    }
  }
}
