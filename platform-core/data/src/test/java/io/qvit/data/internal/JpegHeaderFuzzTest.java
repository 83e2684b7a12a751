package io.qvit.data.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.data.ImageDecodeException;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.ParserContract;

/**
 * Fuzzes the JPEG marker walk that decides the colour space and sampling ({@link JpegHeader}):
 * only {@link ImageDecodeException}, no index out of bounds on short segments, and a small
 * allocation (it copies nothing). Seeds: {@code tools/fuzz-seeds/JpegSeeds.java}.
 */
class JpegHeaderFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("JpegHeader",
            ImageDecodeException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 16));

    @FuzzTest
    void jpegHeader(byte[] data) {
        CONTRACT.check(data.length, () -> {
            JpegHeader h = JpegHeader.scan(data, "fuzz.jpg");
            h.colorSpace();
            for (int i = 0; i < h.components(); i++) {
                h.isH1V2(i);
            }
        });
    }
}
