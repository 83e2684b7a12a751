package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A plot drawn headlessly as an SVG document, an inlinable element and a PNG with content. */
class PlotTest {
    @TempDir
    Path dir;

    @Test
    void writesSvgAndPngWithContent() throws Exception {
        CategoryChart chart = new CategoryChartBuilder().width(300).height(200).title("t").build();
        chart.addSeries("s", List.of("4", "8"), List.of(10, 70));
        String svg = new Plot("p", "t", chart).writeTo(dir);
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"), svg);
        assertTrue(svg.contains("<path") || svg.contains("<rect"), svg);
        assertTrue(Files.readString(dir.resolve("p.svg")).contains("<svg"));
        BufferedImage png = ImageIO.read(dir.resolve("p.png").toFile());
        assertTrue(png.getWidth() == 300 && png.getHeight() == 200, png.getWidth() + "x" + png.getHeight());
        int background = png.getRGB(0, 0);
        long other = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                other += png.getRGB(x, y) != background ? 1 : 0;
            }
        }
        assertTrue(other > 1000, "the PNG has " + other + " drawn pixels");
    }
}
