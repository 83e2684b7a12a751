package io.qvit.plugins.loader.timm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Measures the nesting of the containers (tuples, lists, dicts, sets) a pickle built, without
 * recursion and in time linear in the number of distinct containers, however they are shared: the
 * depth of a container is one more than the deepest of its elements. A container that contains
 * itself (directly or through others) is reported as a cycle.
 */
final class PickleDepth {
    /** Thrown for a container that (transitively) contains itself. */
    static final class CycleException extends Exception {
        private static final long serialVersionUID = 1L;

        CycleException(String what) {
            super(what);
        }
    }

    /** A container being measured: its remaining children and the deepest child so far. */
    private static final class Frame {
        final Object node;
        final Iterator<?> children;
        int deepest;

        Frame(Object node, Iterator<?> children) {
            this.node = node;
            this.children = children;
        }
    }

    private static final int IN_PROGRESS = -1;

    private PickleDepth() {
    }

    /**
     * The container nesting depth of {@code root} (0 for a scalar), or {@code limit + 1} as soon as
     * it is known to exceed {@code limit}.
     *
     * @throws CycleException if a container contains itself
     */
    static int of(Object root, int limit) throws CycleException {
        if (children(root) == null) {
            return 0;
        }
        Map<Object, Integer> depth = new IdentityHashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        depth.put(root, IN_PROGRESS);
        stack.push(new Frame(root, children(root)));
        while (true) {
            Frame top = stack.peek();
            if (top.children.hasNext()) {
                Object child = top.children.next();
                Iterator<?> grand = children(child);
                if (grand == null) {
                    continue;
                }
                Integer known = depth.get(child);
                if (known != null && known == IN_PROGRESS) {
                    throw new CycleException("a " + kind(child) + " contains itself");
                }
                if (known != null) {
                    top.deepest = Math.max(top.deepest, known);
                    continue;
                }
                if (stack.size() >= limit) {
                    return limit + 1;
                }
                depth.put(child, IN_PROGRESS);
                stack.push(new Frame(child, grand));
                continue;
            }
            stack.pop();
            int d = top.deepest + 1;
            depth.put(top.node, d);
            Frame parent = stack.peek();
            if (parent == null) {
                return d;
            }
            parent.deepest = Math.max(parent.deepest, d);
        }
    }

    private static Iterator<?> children(Object o) {
        if (o instanceof PickleTuple t) {
            return t.items().iterator();
        }
        if (o instanceof Map<?, ?> m) {
            List<Object> kv = new ArrayList<>(2 * m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                kv.add(e.getKey());
                kv.add(e.getValue());
            }
            return kv.iterator();
        }
        if (o instanceof Collection<?> c) {
            return c.iterator();
        }
        return null;
    }

    private static String kind(Object o) {
        return o instanceof PickleTuple ? "tuple" : o instanceof Map<?, ?> ? "dict" : o instanceof List<?> ? "list" : "set";
    }
}
