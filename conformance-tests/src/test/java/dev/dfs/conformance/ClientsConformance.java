package dev.dfs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.client.Consistency;
import dev.dfs.client.DfsFile;
import dev.dfs.client.OpenFlag;
import dev.dfs.server.fault.Mutation;
import dev.dfs.testkit.property.Action;
import dev.dfs.testkit.property.Gen;
import dev.dfs.testkit.property.StateMachine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The visibility rules of one consistency mode, as a stateful property: several real clients
 * open, write, read and close two shared files in random order, while the server restarts and
 * connections are cut at random steps; every read is checked against a model of what the mode
 * lets that client see.
 *
 * <ul>
 *   <li>session: a handle sees the content as of its open plus its own writes (its snapshot);
 *       a close of a handle that wrote makes that content the server's (last close wins); a
 *       fresh open sees the server's content (close-to-open).
 *   <li>one-copy and stateless: every acknowledged write is the server's content at once, and
 *       every read, through any handle of any client, returns it. (Stateless clients here cache
 *       no attributes; {@code ConsistencyModesTest} covers the attribute cache's staleness.)
 * </ul>
 */
abstract class ClientsConformance {
  static final int CLIENTS = 3;
  static final List<String> FILES = List.of("/f0", "/f1");

  abstract Consistency mode();

  /** A deliberately broken server, for the mutation checks; NONE normally. */
  Mutation mutation() {
    return Mutation.NONE;
  }

  int tries() {
    return 25;
  }

  /** One client's open handle on one file, as the model sees it. */
  record Open(boolean write, String content, boolean wrote) {}

  /** The server's content of each file, and each client's open handles. */
  record Model(Map<String, String> server, Map<String, Open> open) {
    static Model initial() {
      Map<String, String> server = new HashMap<>();
      FILES.forEach(f -> server.put(f, ""));
      return new Model(Map.copyOf(server), Map.of());
    }

    Model withServer(String file, String content) {
      Map<String, String> s = new HashMap<>(server);
      s.put(file, content);
      return new Model(Map.copyOf(s), open);
    }

    Model withOpen(String key, Open o) {
      Map<String, Open> m = new HashMap<>(open);
      if (o == null) {
        m.remove(key);
      } else {
        m.put(key, o);
      }
      return new Model(server, Map.copyOf(m));
    }
  }

  /** The system under test: the cell and the handles its clients hold. */
  final class System implements AutoCloseable {
    final Cell cell = new Cell(mode(), CLIENTS, mutation());
    final Map<String, DfsFile> handles = new HashMap<>();

    System() {
      FILES.forEach(f -> Cell.create(cell.client(0), f, ""));
    }

    @Override
    public void close() {
      handles.values().forEach(h -> {
        try {
          h.close();
        } catch (RuntimeException ignored) {
          // the cell goes away anyway
        }
      });
      cell.close();
    }
  }

  static String key(int client, String file) {
    return client + file;
  }

  record OpenFile(int client, String file, boolean write) implements Action<Model, System> {
    @Override
    public boolean precondition(Model m) {
      return !m.open().containsKey(key(client, file));
    }

    @Override
    public Model run(Model m, System s) {
      Set<OpenFlag> flags = write ? Set.of(OpenFlag.READ, OpenFlag.WRITE) : Set.of(OpenFlag.READ);
      s.handles.put(key(client, file), s.cell.client(client).open(file, flags, 0));
      return m.withOpen(key(client, file), new Open(write, m.server().get(file), false));
    }
  }

  record Write(int client, String file, String text, Consistency mode) implements Action<Model, System> {
    @Override
    public boolean precondition(Model m) {
      Open o = m.open().get(key(client, file));
      return o != null && o.write();
    }

    @Override
    public Model run(Model m, System s) {
      Cell.replace(s.handles.get(key(client, file)), text);
      if (mode == Consistency.SESSION) {
        return m.withOpen(key(client, file), new Open(true, text, true));
      }
      return m.withServer(file, text);
    }
  }

  record Read(int client, String file, Consistency mode) implements Action<Model, System> {
    @Override
    public Model run(Model m, System s) {
      Open o = m.open().get(key(client, file));
      String seen;
      String expected;
      if (o != null) {
        seen = Cell.read(s.handles.get(key(client, file)));
        expected = mode == Consistency.SESSION ? o.content() : m.server().get(file);
      } else {
        seen = Cell.readFresh(s.cell.client(client), file);
        expected = m.server().get(file);
      }
      assertEquals(expected, seen, "client " + client + " reading " + file + (o != null ? " through its open handle" : ""));
      return m;
    }
  }

  record Close(int client, String file, Consistency mode) implements Action<Model, System> {
    @Override
    public boolean precondition(Model m) {
      return m.open().containsKey(key(client, file));
    }

    @Override
    public Model run(Model m, System s) {
      s.handles.remove(key(client, file)).close();
      Open o = m.open().get(key(client, file));
      Model next = m.withOpen(key(client, file), null);
      return mode == Consistency.SESSION && o.wrote() ? next.withServer(file, o.content()) : next;
    }
  }

  record RestartServer() implements Action<Model, System> {
    @Override
    public Model run(Model m, System s) {
      s.cell.restartServer();
      return m;
    }
  }

  record CutConnections() implements Action<Model, System> {
    @Override
    public Model run(Model m, System s) {
      s.cell.cutConnections();
      return m;
    }
  }

  Gen<Action<Model, System>> actions(Model m) {
    Gen<Integer> client = Gen.ints(0, CLIENTS - 1);
    Gen<String> file = Gen.elements(FILES);
    Consistency mode = mode();
    Gen<Action<Model, System>> open = (r, z) -> new OpenFile(client.generate(r, z), file.generate(r, z),
        Gen.booleans().generate(r, z));
    Gen<Action<Model, System>> write = (r, z) -> new Write(client.generate(r, z), file.generate(r, z),
        "v" + Gen.ints(0, 9999).generate(r, z), mode);
    Gen<Action<Model, System>> read = (r, z) -> new Read(client.generate(r, z), file.generate(r, z), mode);
    Gen<Action<Model, System>> close = (r, z) -> new Close(client.generate(r, z), file.generate(r, z), mode);
    return Gen.frequency(
        Gen.weight(4, open), Gen.weight(5, write), Gen.weight(6, read), Gen.weight(4, close),
        Gen.weight(1, Gen.constant(new RestartServer())), Gen.weight(1, Gen.constant(new CutConnections())));
  }

  @Test
  void everyReadSeesWhatTheModePromises() {
    StateMachine.<Model, System>of(Model::initial, System::new, this::actions)
        .maxSteps(40)
        .tries(tries())
        .check();
  }

  /** All actions of one kind, for reports. */
  static List<String> names() {
    return new ArrayList<>(List.of("OpenFile", "Write", "Read", "Close", "RestartServer", "CutConnections"));
  }
}
