package dev.dfs.protocol;

import java.util.List;

/** Messages the server sends without being asked; their frame's request id is 0. */
public sealed interface Push extends Message {

  /**
   * The server breaks its callback promises on these objects: another client changed them, so
   * cached copies must be revalidated before the next use.
   */
  record CallbackBreak(List<Fid> fids) implements Push {
    public CallbackBreak {
      fids = List.copyOf(fids);
    }

    @Override
    public Op op() {
      return Op.CALLBACK_BREAK;
    }

    @Override
    public void write(Wire out) {
      out.putList(fids, Wire::putFid);
    }

    static CallbackBreak read(Wire in) {
      return new CallbackBreak(in.getList(Wire::getFid));
    }
  }
}
