package io.qvit.launcher.internal.bundle;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Finds calls that end the JVM ({@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt})
 * in a class file by reading its constant pool: a call site, a method handle or a method reference
 * to one of them needs a {@code Methodref} entry naming it. A plugin must never end the JVM (the
 * platform would report success without having run), so a jar with such a class is not started.
 * Calls made by reflection are not visible here; the launcher's exit guard covers them.
 */
public final class ExitCalls {
    /** {@code owner.name} of the methods that end the JVM, with their descriptor {@code (I)V}. */
    private static final Set<String> EXITS = Set.of("java/lang/System.exit", "java/lang/Runtime.exit", "java/lang/Runtime.halt");

    private ExitCalls() {
    }

    /**
     * The first JVM-ending method {@code classFile} refers to, as {@code java/lang/System.exit},
     * or empty if none (or if the bytes are not a class file: such a class cannot be loaded anyway).
     */
    public static Optional<String> find(byte[] classFile) {
        try {
            return scan(ByteBuffer.wrap(classFile));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> scan(ByteBuffer b) {
        if (b.getInt() != 0xCAFEBABE) {
            return Optional.empty();
        }
        b.getShort(); // minor
        b.getShort(); // major
        int count = Short.toUnsignedInt(b.getShort());
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[] refClass = new int[count];
        int[] refNameAndType = new int[count];
        int[] natName = new int[count];
        int[] natDescriptor = new int[count];
        boolean[] methodRef = new boolean[count];
        for (int i = 1; i < count; i++) {
            int tag = Byte.toUnsignedInt(b.get());
            switch (tag) {
                case 1 -> {
                    byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
                    b.get(s);
                    utf8[i] = new String(s, StandardCharsets.UTF_8); // modified UTF-8; ASCII names compare equal
                }
                case 3, 4 -> b.getInt();
                case 5, 6 -> {
                    b.getLong();
                    i++; // takes two slots
                }
                case 7, 8, 16, 19, 20 -> {
                    int index = Short.toUnsignedInt(b.getShort());
                    if (tag == 7) {
                        classNames[i] = index;
                    }
                }
                case 9, 10, 11 -> {
                    refClass[i] = Short.toUnsignedInt(b.getShort());
                    refNameAndType[i] = Short.toUnsignedInt(b.getShort());
                    methodRef[i] = tag != 9;
                }
                case 12 -> {
                    natName[i] = Short.toUnsignedInt(b.getShort());
                    natDescriptor[i] = Short.toUnsignedInt(b.getShort());
                }
                case 15 -> {
                    b.get();
                    b.getShort();
                }
                case 17, 18 -> b.getInt();
                default -> {
                    return Optional.empty(); // not a class file this scanner knows
                }
            }
        }
        for (int i = 1; i < count; i++) {
            if (!methodRef[i]) {
                continue;
            }
            String owner = utf8[classNames[refClass[i]]];
            String name = utf8[natName[refNameAndType[i]]];
            String descriptor = utf8[natDescriptor[refNameAndType[i]]];
            String key = owner + "." + name;
            if (EXITS.contains(key) && "(I)V".equals(descriptor)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
