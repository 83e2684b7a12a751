package io.qvit.plugins.loader.timm;

import java.util.List;

/**
 * A Python tuple read by {@link PickleReader}: immutable, distinct from a list (which the reader
 * returns as a mutable {@link java.util.ArrayList}).
 *
 * @param items the elements (an unmodifiable copy)
 */
record PickleTuple(List<Object> items) {
    PickleTuple {
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    /** The element at {@code i}. */
    Object get(int i) {
        return items.get(i);
    }

    /** The number of elements. */
    int size() {
        return items.size();
    }
}
