package io.qvit.engine.sweep.report;

import java.util.List;

/**
 * A self-contained HTML page built in order from headings, paragraphs, tables and inline SVG
 * figures: inline CSS, no script and nothing loaded from elsewhere, so the file opens in any
 * browser without a server or a network.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
            h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:0.8em 0}
            th,td{border:1px solid #ccc;padding:0.3em 0.7em}th{background:#f3f3f3}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            figure{margin:1em 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:0.9em;color:#555}code{background:#f6f6f6;padding:0 0.2em}
            """;

    private final String title;
    private final StringBuilder body = new StringBuilder();

    /** An empty page titled {@code title} (also its first heading). */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** Adds a section heading. */
    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** Adds a paragraph of plain text. */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Adds a table; the first {@code labelColumns} columns are labels, the others numbers (right-aligned). */
    public HtmlReport table(List<String> header, int labelColumns, List<List<String>> rows) {
        body.append("<table>\n<thead><tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                body.append(i < labelColumns ? "<td>" : "<td class=\"num\">").append(escape(row.get(i))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    /**
     * Adds a figure: an {@code <svg>} element inlined as it is (it must come from a trusted
     * encoder) with its caption; {@code id} names it ({@code plot-<id>}).
     */
    public HtmlReport figure(String id, String svg, String caption) {
        if (!svg.startsWith("<svg")) {
            throw new IllegalArgumentException("figure " + id + ": not an <svg> element");
        }
        body.append("<figure id=\"plot-").append(escape(id)).append("\">\n").append(svg).append("\n<figcaption>")
                .append(escape(caption)).append("</figcaption>\n</figure>\n");
        return this;
    }

    /** The page. */
    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "</body>\n</html>\n";
    }

    /** Text escaped for HTML element content and attribute values. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
