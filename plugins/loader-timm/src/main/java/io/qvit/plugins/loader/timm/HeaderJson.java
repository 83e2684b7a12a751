package io.qvit.plugins.loader.timm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Strict JSON reading of checkpoint headers and metadata with Jackson (exported to plugins by the
 * platform's system bundle). Objects become {@link java.util.LinkedHashMap}s, arrays
 * {@link java.util.List}s, integers {@link Long} (or {@link java.math.BigInteger} beyond its range),
 * other numbers {@link Double}. Duplicate keys and trailing tokens are errors, and nesting is limited
 * to {@link #MAX_DEPTH} levels so that a hostile header cannot exhaust the stack.
 */
final class HeaderJson {
    /** Deepest nesting of objects and arrays accepted; checkpoint headers use three levels. */
    static final int MAX_DEPTH = 64;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private HeaderJson() {
    }

    /**
     * Parses one JSON value that makes up the whole text.
     *
     * @throws IllegalArgumentException naming the character offset and the problem
     */
    static Object parse(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            Object value = JSON.readValue(p, Object.class);
            if (value == null && !"null".equals(text.strip())) {
                throw new IllegalArgumentException("at character 0: no JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            String problem = e.getOriginalMessage();
            if (problem.contains("nesting depth")) {
                problem = "nested deeper than " + MAX_DEPTH + " levels";
            }
            throw new IllegalArgumentException("at character " + offset + ": " + problem, e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
