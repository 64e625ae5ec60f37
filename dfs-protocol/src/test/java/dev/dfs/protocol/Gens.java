package dev.dfs.protocol;

import dev.dfs.testkit.property.Gen;
import java.util.List;

/**
 * Generators of the protocol's values and of every message, for property tests. {@link
 * #message(Op)} switches over every {@link Op} without a default, so a new opcode does not
 * compile until it has a generator (and with it a round-trip test).
 */
final class Gens {
  private Gens() {}

  static final Gen<Integer> INT = Gen.ints();
  static final Gen<Long> LONG = Gen.longs();
  static final Gen<Boolean> BOOL = Gen.booleans();
  static final Gen<Integer> MODE = Gen.ints(0, 07777);
  static final Gen<Long> SIZE = Gen.longs(0, Long.MAX_VALUE);
  static final Gen<FileType> FILE_TYPE = Gen.elements(FileType.values());
  static final Gen<Status> STATUS = Gen.elements(Status.values());

  /** Mostly short strings, sometimes long ones; always valid Unicode. */
  static final Gen<String> STRING = Gen.frequency(
      Gen.weight(8, Gen.unicodeStrings(0, 40)),
      Gen.weight(1, Gen.asciiStrings(0, 40)),
      Gen.weight(1, Gen.unicodeStrings(0, 3000)));

  static final Gen<String> NAME = Gen.names();

  /** What a client may put in a name field: usually a legal name, sometimes anything. */
  static final Gen<String> NAME_FIELD = Gen.frequency(Gen.weight(4, NAME), Gen.weight(1, STRING));

  static final Gen<byte[]> CREDENTIALS = Gen.bytes(0, Request.Hello.MAX_CREDENTIALS);
  static final Gen<byte[]> DATA = Gen.bytes(0, 70_000);

  static final Gen<Fid> FID = (r, s) -> new Fid(LONG.generate(r, s), LONG.generate(r, s), LONG.generate(r, s));

  static final Gen<Attr> ATTR = (r, s) -> new Attr(FID.generate(r, s), FILE_TYPE.generate(r, s), MODE.generate(r, s),
      INT.generate(r, s), INT.generate(r, s), INT.generate(r, s), SIZE.generate(r, s), LONG.generate(r, s),
      LONG.generate(r, s), LONG.generate(r, s), LONG.generate(r, s));

  static final Gen<Long> TIME = Gen.frequency(Gen.weight(4, LONG), Gen.weight(1, Gen.constant(SetAttr.NOW)));

  static final Gen<SetAttr> SET_ATTR = (r, s) -> new SetAttr(MODE.nullable().generate(r, s),
      INT.nullable().generate(r, s), INT.nullable().generate(r, s), SIZE.nullable().generate(r, s),
      TIME.nullable().generate(r, s), TIME.nullable().generate(r, s));

  static final Gen<DirEntry> DIR_ENTRY =
      (r, s) -> new DirEntry(NAME.generate(r, s), FID.generate(r, s), FILE_TYPE.generate(r, s));

  static final Gen<VolumeInfo> VOLUME_INFO = (r, s) -> new VolumeInfo(LONG.generate(r, s),
      Gen.unicodeStrings(1, 40).generate(r, s), FID.generate(r, s), STRING.generate(r, s));

  static final Gen<List<Fid>> FIDS = Gen.lists(FID, 0, 300);

  /** A message of any kind. */
  static final Gen<Message> MESSAGE = Gen.elements(Op.values()).flatMap(Gens::message);

  /** A frame with any message and any request id. */
  static final Gen<Frame> FRAME = frame(MESSAGE);

  static Gen<Frame> frame(Gen<? extends Message> messages) {
    Gen<Long> ids = Gen.longs();
    return (r, s) -> new Frame(ids.generate(r, s), messages.generate(r, s));
  }

  /** Frames with messages of {@code op}. */
  static Gen<Frame> frame(Op op) {
    return frame(message(op));
  }

  /** The generator of messages with opcode {@code op}. */
  static Gen<Message> message(Op op) {
    return switch (op) {
      case HELLO -> (r, s) -> new Request.Hello(INT.generate(r, s), STRING.generate(r, s), INT.generate(r, s),
          INT.generate(r, s), BOOL.generate(r, s), CREDENTIALS.generate(r, s));
      case PING -> Gen.constant(new Request.Ping());
      case VOL_CREATE -> (r, s) -> new Request.VolCreate(STRING.generate(r, s), FID.nullable().generate(r, s),
          NAME_FIELD.nullable().generate(r, s));
      case VOL_LIST -> Gen.constant(new Request.VolList());
      case VOL_LOOKUP -> STRING.map(Request.VolLookup::new);
      case STATFS -> LONG.map(Request.Statfs::new);
      case LOOKUP -> (r, s) -> new Request.Lookup(FID.generate(r, s), NAME_FIELD.generate(r, s));
      case GETATTR -> FID.map(Request.GetAttr::new);
      case SETATTR -> (r, s) -> new Request.SetAttrs(FID.generate(r, s), SET_ATTR.generate(r, s));
      case READDIR -> (r, s) -> new Request.ReadDir(FID.generate(r, s), LONG.generate(r, s), INT.generate(r, s));
      case CREATE -> (r, s) -> new Request.Create(FID.generate(r, s), NAME_FIELD.generate(r, s), INT.generate(r, s),
          BOOL.generate(r, s));
      case MKDIR -> (r, s) -> new Request.Mkdir(FID.generate(r, s), NAME_FIELD.generate(r, s), INT.generate(r, s));
      case REMOVE -> (r, s) -> new Request.Remove(FID.generate(r, s), NAME_FIELD.generate(r, s));
      case RMDIR -> (r, s) -> new Request.Rmdir(FID.generate(r, s), NAME_FIELD.generate(r, s));
      case RENAME -> (r, s) -> new Request.Rename(FID.generate(r, s), NAME_FIELD.generate(r, s), FID.generate(r, s),
          NAME_FIELD.generate(r, s));
      case LINK -> (r, s) -> new Request.Link(FID.generate(r, s), FID.generate(r, s), NAME_FIELD.generate(r, s));
      case SYMLINK -> (r, s) -> new Request.Symlink(FID.generate(r, s), NAME_FIELD.generate(r, s),
          STRING.generate(r, s));
      case READLINK -> FID.map(Request.Readlink::new);
      case FETCH -> (r, s) -> new Request.Fetch(FID.generate(r, s), LONG.generate(r, s), INT.generate(r, s));
      case WRITE -> (r, s) -> new Request.Write(FID.generate(r, s), LONG.generate(r, s), DATA.generate(r, s));
      case STORE_BEGIN -> (r, s) -> new Request.StoreBegin(FID.generate(r, s), LONG.generate(r, s));
      case STORE_DATA -> (r, s) -> new Request.StoreData(LONG.generate(r, s), LONG.generate(r, s),
          DATA.generate(r, s));
      case STORE_COMMIT -> (r, s) -> new Request.StoreCommit(LONG.generate(r, s), LONG.generate(r, s));
      case STORE_ABORT -> LONG.map(Request.StoreAbort::new);
      case GIVE_UP -> FIDS.map(Request.GiveUp::new);
      case BREAK_ACK -> LONG.map(Request.BreakAck::new);

      case HELLO_OK -> (r, s) -> new Reply.HelloOk(INT.generate(r, s), LONG.generate(r, s), STRING.generate(r, s),
          LONG.generate(r, s), FID.generate(r, s));
      case ERROR -> (r, s) -> new Reply.Error(STATUS.generate(r, s), STRING.generate(r, s));
      case OK -> Gen.constant(new Reply.Ok());
      case VOLUME -> VOLUME_INFO.map(Reply.Volume::new);
      case VOLUMES -> Gen.lists(VOLUME_INFO, 0, 50).map(Reply.Volumes::new);
      case FSSTAT -> (r, s) -> new Reply.FsStat(LONG.generate(r, s), LONG.generate(r, s), LONG.generate(r, s),
          LONG.generate(r, s), LONG.generate(r, s));
      case ATTRS -> ATTR.map(Reply.Attrs::new);
      case DIR_PAGE -> (r, s) -> new Reply.DirPage(ATTR.generate(r, s), Gen.lists(DIR_ENTRY, 0, 100).generate(r, s),
          LONG.generate(r, s), BOOL.generate(r, s));
      case ENTRY -> (r, s) -> new Reply.Entry(ATTR.generate(r, s), ATTR.nullable().generate(r, s));
      case RENAMED -> (r, s) -> new Reply.Renamed(ATTR.generate(r, s), ATTR.generate(r, s), ATTR.generate(r, s));
      case LINK_TARGET -> STRING.map(Reply.LinkTarget::new);
      case DATA -> (r, s) -> new Reply.Data(ATTR.generate(r, s), LONG.generate(r, s), DATA.generate(r, s));
      case STORE_OPENED -> LONG.map(Reply.StoreOpened::new);

      case CALLBACK_BREAK -> (r, s) -> new Push.CallbackBreak(LONG.generate(r, s), FIDS.generate(r, s));
    };
  }
}
