package io.qvit.engine.sweep.report;

import io.qvit.engine.run.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One plot of a sweep's report: an XChart chart drawn headlessly as SVG (inlined in
 * {@code report.html}) and PNG.
 *
 * @param name the file name without extension ({@code plots/<name>.svg}, {@code .png})
 * @param title what the plot shows, its caption
 * @param chart the chart
 */
public record Plot(String name, String title, Chart<?, ?> chart) {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The chart as an SVG document. */
    public String svgDocument() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The {@code <svg>} element of {@link #svgDocument()}, without the XML prolog, to inline in HTML. */
    public String svgElement() throws IOException {
        return element(svgDocument());
    }

    private String element(String doc) throws IOException {
        int at = doc.indexOf("<svg");
        if (at < 0) {
            throw new IOException("plot " + name + ": the SVG encoder wrote no <svg> element");
        }
        return doc.substring(at).strip();
    }

    /** The chart as PNG bytes. */
    public byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        return out.toByteArray();
    }

    /** Writes {@code <name>.svg} and {@code <name>.png} into {@code dir}; returns the SVG element. */
    public String writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        String doc = svgDocument();
        AtomicFiles.write(dir.resolve(name + ".svg"), doc);
        AtomicFiles.write(dir.resolve(name + ".png"), png());
        return element(doc);
    }
}
