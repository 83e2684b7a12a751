package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qvit.engine.sweep.SweepFolder;
import io.qvit.engine.sweep.SweepSummary;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} of a synthetic sweep (written by {@link SweepSummary#write()}) rendered in
 * headless Chromium: no script error, every plot drawn (each SVG element has drawing in the DOM,
 * and each plot's SVG and the whole page render to non-blank pixels), every cell of the summary
 * table in the page. Skips with a message where Chromium is not installed.
 */
class SweepReportChromiumTest {
    private static final int BOX_W = 960;
    private static final int BOX_H = 600;

    @TempDir
    Path dir;

    private Chromium chromium;

    @BeforeEach
    void findChromium() throws Exception {
        chromium = Chromium.find(dir);
        assumeTrue(chromium != null, Chromium.MISSING);
    }

    @Test
    void theReportRendersWithEveryPlotAndEveryCell() throws Exception {
        Path root = dir.resolve("sweep");
        SyntheticSweep sweep = new SyntheticSweep();
        sweep.writeCells(root);
        String md = new SweepSummary("synthetic", sweep.cells, new SweepFolder(root)).write();
        Path report = root.resolve(SweepReport.FILE);

        Chromium.Output dom = chromium.dumpDom(report);
        assertEquals(List.of(), dom.scriptErrors(), "script errors while rendering report.html");
        String html = dom.stdout();
        assertTrue(html.contains("<h1>synthetic – sweep report</h1>"), "chromium gave no DOM: " + html + dom.stderr());

        List<Path> svgs;
        try (Stream<Path> files = Files.list(root.resolve(SweepReport.PLOTS))) {
            svgs = files.filter(f -> f.toString().endsWith(".svg")).sorted().toList();
        }
        assertEquals(5, svgs.size(), svgs.toString());
        Matcher m = Pattern.compile("<svg[^>]*>(.*?)</svg>", Pattern.DOTALL).matcher(html);
        int plots = 0;
        while (m.find()) {
            plots++;
            String body = m.group(1);
            // VectorGraphics2D draws text as glyph outlines: axes, lines, bars and labels are all paths
            assertTrue(count(body, "<path") > 20, "SVG element " + plots + " in the DOM has "
                    + count(body, "<path") + " paths: " + body.substring(0, Math.min(300, body.length())));
        }
        assertEquals(svgs.size(), plots, "every plot is inlined in report.html");

        long rows = 0;
        for (String line : md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| model")).toList()) {
            for (String cell : line.substring(1).split("\\|")) {
                assertTrue(html.contains(">" + cell.strip() + "</td>"), "report.html lacks cell '" + cell.strip() + "' of " + line);
            }
            rows++;
        }
        assertEquals(4, rows);

        // every plot file side by side on one page, one screenshot: each plot's box must hold drawing
        StringBuilder gallery = new StringBuilder("<!DOCTYPE html><html><body style=\"margin:0;background:#fff\">");
        for (int i = 0; i < svgs.size(); i++) {
            gallery.append("<img src=\"").append(svgs.get(i).toUri()).append("\" style=\"position:absolute;left:0;top:")
                    .append(i * BOX_H).append("px;width:").append(BOX_W).append("px;height:").append(BOX_H - 40).append("px\">");
        }
        Path galleryPage = Files.writeString(dir.resolve("gallery.html"), gallery.append("</body></html>").toString());
        Path shot = dir.resolve("gallery.png");
        Chromium.Output out = chromium.screenshot(galleryPage, shot, BOX_W + 40, svgs.size() * BOX_H);
        assertEquals(List.of(), out.scriptErrors());
        assertTrue(Files.isRegularFile(shot), "chromium wrote no screenshot: " + out.stderr());
        BufferedImage img = ImageIO.read(shot.toFile());
        for (int i = 0; i < svgs.size(); i++) {
            double drawn = drawnFraction(img, 0, i * BOX_H, BOX_W, BOX_H - 40);
            assertTrue(drawn > 0.02, svgs.get(i).getFileName() + " renders nearly blank in chromium: " + drawn);
        }
        Path page = dir.resolve("report.screenshot.png");
        chromium.screenshot(report, page, 1280, 4000);
        assertTrue(Files.isRegularFile(page), "chromium wrote no screenshot of report.html");
        BufferedImage whole = ImageIO.read(page.toFile());
        assertTrue(drawnFraction(whole, 0, 0, whole.getWidth(), whole.getHeight()) > 0.05, "report.html renders nearly blank");
    }

    @Test
    void aScriptErrorIsSeen() throws Exception {
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><p>x</p><script>notDefinedAnywhere();</script></body></html>");
        assertFalse(chromium.dumpDom(page).scriptErrors().isEmpty(), "the check would not see a script error");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The fraction of pixels in a box of {@code img} that are not white. */
    private static double drawnFraction(BufferedImage img, int x0, int y0, int w, int h) {
        long drawn = 0;
        for (int y = y0; y < Math.min(y0 + h, img.getHeight()); y++) {
            for (int x = x0; x < Math.min(x0 + w, img.getWidth()); x++) {
                drawn += (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        return drawn / (double) (w * h);
    }
}
