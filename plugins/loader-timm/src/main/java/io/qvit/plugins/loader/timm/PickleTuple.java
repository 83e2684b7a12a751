package io.qvit.plugins.loader.timm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Python tuple read by {@link PickleReader}: immutable, distinct from a list (which the reader
 * returns as a mutable {@link java.util.ArrayList}). Equality and hash code are identity's, so that
 * a tuple used as a dict key costs constant time however large the (possibly shared) graph below it;
 * whether it may be a key at all is decided once, when it is built. {@link #toString()} is bounded
 * ({@link PickleText}).
 */
final class PickleTuple {
    private final List<Object> items;
    private final boolean hashable;

    /** A tuple of {@code items} (copied). */
    PickleTuple(List<Object> items) {
        this.items = Collections.unmodifiableList(new ArrayList<>(items));
        boolean h = true;
        for (Object o : this.items) {
            if (!isHashableItem(o)) {
                h = false;
                break;
            }
        }
        this.hashable = h;
    }

    /** Whether {@code o} may be a dict key or set element: a scalar, or a tuple of such. */
    static boolean isHashableItem(Object o) {
        return o == null || o instanceof String || o instanceof Long || o instanceof BigInteger || o instanceof Double
                || o instanceof Boolean || o instanceof byte[] || (o instanceof PickleTuple t && t.hashable);
    }

    /** The elements, unmodifiable. */
    List<Object> items() {
        return items;
    }

    /** The element at {@code i}. */
    Object get(int i) {
        return items.get(i);
    }

    /** The number of elements. */
    int size() {
        return items.size();
    }

    @Override
    public String toString() {
        return PickleText.render(this);
    }
}
