package dev.dfs.protocol;

import java.util.function.Function;

/** Opcodes: the first field of every frame body. Codes are stable; never renumber. */
public enum Op {
  HELLO(1, Request.Hello::read),
  PING(2, Request.Ping::read),
  VOL_CREATE(10, Request.VolCreate::read),
  VOL_LIST(11, Request.VolList::read),
  VOL_LOOKUP(12, Request.VolLookup::read),
  STATFS(13, Request.Statfs::read),
  LOOKUP(20, Request.Lookup::read),
  GETATTR(21, Request.GetAttr::read),
  SETATTR(22, Request.SetAttrs::read),
  READDIR(23, Request.ReadDir::read),
  CREATE(24, Request.Create::read),
  MKDIR(25, Request.Mkdir::read),
  REMOVE(26, Request.Remove::read),
  RMDIR(27, Request.Rmdir::read),
  RENAME(28, Request.Rename::read),
  LINK(29, Request.Link::read),
  SYMLINK(30, Request.Symlink::read),
  READLINK(31, Request.Readlink::read),
  FETCH(40, Request.Fetch::read),
  WRITE(41, Request.Write::read),
  STORE_BEGIN(42, Request.StoreBegin::read),
  STORE_DATA(43, Request.StoreData::read),
  STORE_COMMIT(44, Request.StoreCommit::read),
  STORE_ABORT(45, Request.StoreAbort::read),
  GIVE_UP(50, Request.GiveUp::read),
  BREAK_ACK(51, Request.BreakAck::read),

  HELLO_OK(100, Reply.HelloOk::read),
  ERROR(101, Reply.Error::read),
  OK(102, Reply.Ok::read),
  VOLUME(110, Reply.Volume::read),
  VOLUMES(111, Reply.Volumes::read),
  FSSTAT(112, Reply.FsStat::read),
  ATTRS(120, Reply.Attrs::read),
  DIR_PAGE(121, Reply.DirPage::read),
  ENTRY(122, Reply.Entry::read),
  RENAMED(123, Reply.Renamed::read),
  LINK_TARGET(124, Reply.LinkTarget::read),
  DATA(125, Reply.Data::read),
  STORE_OPENED(126, Reply.StoreOpened::read),

  CALLBACK_BREAK(200, Push.CallbackBreak::read);

  private static final Op[] BY_CODE = new Op[256];

  static {
    for (Op op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  private final int code;
  private final Function<Wire, ? extends Message> reader;

  Op(int code, Function<Wire, ? extends Message> reader) {
    this.code = code;
    this.reader = reader;
  }

  public int code() {
    return code;
  }

  /** Reads the body of a message with this opcode. */
  public Message read(Wire in) {
    return reader.apply(in);
  }

  public static Op ofCode(int code) {
    Op op = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (op == null) {
      throw new DfsException(Status.ENOTSUP, "unknown opcode " + code);
    }
    return op;
  }
}
