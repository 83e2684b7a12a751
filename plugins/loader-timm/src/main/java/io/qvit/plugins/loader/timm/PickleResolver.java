package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import java.util.List;

/**
 * What a {@link PickleReader} asks its owner about the three pickle operations that would call code
 * in Python: naming a global, calling it ({@code REDUCE}/{@code NEWOBJ}), and resolving a persistent
 * id. An implementation answers with plain data for an allow-listed set and throws for anything
 * else; nothing is ever executed.
 */
interface PickleResolver {
    /**
     * A token standing for the global {@code module.name}.
     *
     * @throws ModelFormatException if the global is not allowed (the message names it)
     */
    Object global(String module, String name) throws ModelFormatException;

    /**
     * The data that calling {@code callable} (a token from {@link #global}) with {@code args} stands for.
     *
     * @throws ModelFormatException if the call is not one the resolver models
     */
    Object call(Object callable, List<Object> args) throws ModelFormatException;

    /**
     * The object a persistent id stands for (PyTorch: a storage reference).
     *
     * @throws ModelFormatException if the id is malformed
     */
    Object persistentLoad(Object pid) throws ModelFormatException;
}
