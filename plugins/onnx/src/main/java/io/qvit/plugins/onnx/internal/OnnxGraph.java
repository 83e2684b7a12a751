package io.qvit.plugins.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/**
 * A small builder of ONNX graphs on the protobuf classes of {@code onnx.Onnx}: nodes with unique
 * output names, initializers (float, int8, uint8, int64) and the model wrapper (opset, IR version).
 */
public final class OnnxGraph {
    /** The ONNX opset the exported graphs declare. */
    public static final int OPSET = 19;
    /** The IR version matching {@link #OPSET}. */
    public static final long IR_VERSION = 9;

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<String, String> int64Constants = new HashMap<>();

    /** A graph named {@code name}. */
    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A fresh value name starting with {@code stem}. */
    public String fresh(String stem) {
        int n = counters.merge(stem, 1, Integer::sum);
        return n == 1 ? stem : stem + "_" + n;
    }

    /** Adds a node and returns its (single, fresh) output name. */
    public String op(String opType, String outStem, String... inputs) {
        return op(opType, outStem, Map.of(), inputs);
    }

    /** Adds a node with attributes ({@code Long}, {@code Float}, {@code long[]}, {@code String}). */
    public String op(String opType, String outStem, Map<String, Object> attributes, String... inputs) {
        String out = fresh(outStem);
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(opType).setName(out + "/" + opType)
                .addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> n.addAttribute(attribute(e.getKey(), e.getValue())));
        graph.addNode(n);
        return out;
    }

    private static Onnx.AttributeProto attribute(String name, Object v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name);
        if (v instanceof Long l) {
            a.setType(Onnx.AttributeProto.AttributeType.INT).setI(l);
        } else if (v instanceof Integer i) {
            a.setType(Onnx.AttributeProto.AttributeType.INT).setI(i);
        } else if (v instanceof Float f) {
            a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (v instanceof long[] ls) {
            a.setType(Onnx.AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof String s) {
            a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else {
            throw new IllegalArgumentException("unsupported attribute " + name + ": " + v);
        }
        return a.build();
    }

    /** A float32 initializer of {@code shape}. */
    public String floats(String stem, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return initializer(stem, Onnx.TensorProto.DataType.FLOAT, b.array(), shape);
    }

    /** An 8-bit initializer: int8 if {@code signed}, else uint8 (values already in range). */
    public String bytes(String stem, int[] codes, boolean signed, long... shape) {
        byte[] raw = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
            raw[i] = (byte) codes[i];
        }
        return initializer(stem, signed ? Onnx.TensorProto.DataType.INT8 : Onnx.TensorProto.DataType.UINT8, raw, shape);
    }

    /** An int64 initializer (shapes, axes, indices); equal constants are shared. */
    public String int64(long... values) {
        return int64Shaped(values, values.length);
    }

    /** An int64 scalar initializer (shared). */
    public String int64Scalar(long value) {
        return int64Shaped(new long[] {value});
    }

    private String int64Shaped(long[] values, long... shape) {
        String key = java.util.Arrays.toString(values) + java.util.Arrays.toString(shape);
        return int64Constants.computeIfAbsent(key, k -> {
            ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(values);
            return initializer("const_i64", Onnx.TensorProto.DataType.INT64, b.array(), shape);
        });
    }

    private String initializer(String stem, Onnx.TensorProto.DataType type, byte[] raw, long... shape) {
        String name = fresh(stem);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Declares a float32 graph input or output; a dimension of -1 is the symbolic {@code batch}. */
    public void input(String name, long... shape) {
        graph.addInput(valueInfo(name, shape));
    }

    /** Declares a float32 graph output; a dimension of -1 is the symbolic {@code batch}. */
    public void output(String name, long... shape) {
        graph.addOutput(valueInfo(name, shape));
    }

    /**
     * Declares the intermediate value {@code name} a graph output too, with the element type of the
     * node that produces it ({@code QuantizeLinear}: its zero point's int8/uint8; otherwise float32) and
     * the shape left to inference.
     */
    public void probe(String name) {
        int type = Onnx.TensorProto.DataType.FLOAT.getNumber();
        for (Onnx.NodeProto n : graph.getNodeList()) {
            if (n.getOutput(0).equals(name) && n.getOpType().equals("QuantizeLinear")) {
                type = initializerType(n.getInput(2));
            }
        }
        graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(type))));
    }

    private int initializerType(String name) {
        return graph.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no initializer " + name)).getDataType();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, long... shape) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(s))).build();
    }

    /** Renames the last node's output to {@code name} (graph outputs keep a fixed name). */
    public void renameLastOutput(String name) {
        Onnx.NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
        last.setOutput(0, name);
    }

    /** Number of nodes of {@code opType} so far. */
    public long count(String opType) {
        return graph.getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
    }

    /** The serialized model with the producer's name and version and metadata properties. */
    public byte[] model(String producerVersion, Map<String, String> metadata) {
        Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .setProducerName("qvit").setProducerVersion(producerVersion).setGraph(graph)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> m.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }
}
