package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The page: escaped text, tables with numeric cells right-aligned, inline figures, nothing external. */
class HtmlReportTest {
    @Test
    void tablesAndFiguresAreInlineAndTextIsEscaped() {
        String html = new HtmlReport("a<b> & \"c\"").heading("set").table(List.of("method", "bits 4"), 1,
                List.of(List.of("repq", "20.00 ± 0.71"))).figure("p1", "<svg width=\"1\"><path d=\"M0 0\"/></svg>", "cap")
                .paragraph("x < y").render();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<title>a&lt;b&gt; &amp; &quot;c&quot;</title>"), html);
        assertTrue(html.contains("<tr><td>repq</td><td class=\"num\">20.00 ± 0.71</td></tr>"), html);
        assertTrue(html.contains("<figure id=\"plot-p1\">\n<svg width=\"1\"><path d=\"M0 0\"/></svg>"), html);
        assertTrue(html.contains("<p>x &lt; y</p>"), html);
        assertTrue(html.contains("<meta charset=\"utf-8\">"), html);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("http"), html);
    }

    @Test
    void aFigureMustBeAnSvgElement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HtmlReport("t").figure("p", "<img src=x>", "c"));
        assertEquals("figure p: not an <svg> element", e.getMessage());
    }
}
