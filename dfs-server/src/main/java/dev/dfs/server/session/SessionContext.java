package dev.dfs.server.session;

import dev.dfs.server.callback.CallbackRegistry;
import dev.dfs.server.fault.Mutation;
import dev.dfs.server.volume.FileService;

/** What every connection of one server shares. */
record SessionContext(FileService files, CallbackRegistry callbacks, String serverId, Mutation mutation) {}
