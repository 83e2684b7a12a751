package io.qvit.launcher.internal.runindex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter of {@code qvit runs list --where}: conditions {@code KEY OP VALUE} joined by
 * {@code and}, with {@code OP} one of {@code = != < <= > >=}, {@code KEY} an {@link IndexColumn}
 * and {@code VALUE} a bare word or a quoted string ({@code *} in a value compared with {@code =}
 * or {@code !=} is a glob). It becomes a SQL condition with one {@code ?} per value: values are
 * only ever bound as parameters, keys only ever map to fixed column expressions.
 *
 * @param sql the SQL condition ({@code 1=1} when empty)
 * @param parameters the values, in order of their {@code ?}
 */
public record WhereClause(String sql, List<Object> parameters) {
    private static final List<String> OPERATORS = List.of("<=", ">=", "!=", "<>", "=", "<", ">");

    /** The clause with parameters that cannot change. */
    public WhereClause {
        parameters = List.copyOf(parameters);
    }

    /** Parses {@code text} (null or blank: no filter). */
    public static WhereClause parse(String text) throws RunsIndexException {
        if (text == null || text.isBlank()) {
            return new WhereClause("1=1", List.of());
        }
        Scanner sc = new Scanner(text);
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        while (true) {
            String key = sc.key();
            IndexColumn column = IndexColumn.of(key.toLowerCase(Locale.ROOT));
            if (column == null) {
                throw new RunsIndexException("--where: unknown key '" + key + "' (known: " + String.join(", ", IndexColumn.keys()) + ")");
            }
            String op = sc.operator(key);
            String raw = sc.value(key);
            if (sql.length() > 0) {
                sql.append(" AND ");
            }
            if (!column.numeric() && raw.contains("*") && (op.equals("=") || op.equals("!=") || op.equals("<>"))) {
                sql.append(column.sql()).append(op.equals("=") ? " GLOB ?" : " NOT GLOB ?");
                params.add(raw);
            } else {
                sql.append(column.sql()).append(' ').append(op.equals("<>") ? "!=" : op).append(" ?");
                params.add(column.numeric() ? number(column, raw) : raw);
            }
            if (sc.atEnd()) {
                break;
            }
            String word = sc.word();
            if (!word.equalsIgnoreCase("and")) {
                throw new RunsIndexException("--where: expected 'and' after " + key + op + raw + ", found '" + word
                        + "' (conditions are joined by 'and' only)");
            }
        }
        return new WhereClause(sql.toString(), params);
    }

    private static Object number(IndexColumn column, String raw) throws RunsIndexException {
        String v = raw;
        boolean percent = column.fraction() && v.endsWith("%");
        if (percent) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            if (!percent && !column.fraction() && v.matches("-?\\d+")) {
                return Long.parseLong(v);
            }
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return percent ? d / 100 : d;
        } catch (NumberFormatException e) {
            throw new RunsIndexException("--where: " + column.key() + " takes a number"
                    + (column.fraction() ? " (a fraction such as 0.634, or 63.4%)" : "") + ", not '" + raw + "'");
        }
    }

    /** Splits the clause into keys, operators, values and words. */
    private static final class Scanner {
        private final String s;
        private int i;

        Scanner(String s) {
            this.s = s;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean atEnd() {
            skipSpace();
            return i >= s.length();
        }

        String key() throws RunsIndexException {
            skipSpace();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (start == i) {
                throw new RunsIndexException("--where: expected a key at '" + s.substring(start) + "' (e.g. method=repq and bits=4)");
            }
            return s.substring(start, i);
        }

        String operator(String key) throws RunsIndexException {
            skipSpace();
            for (String op : OPERATORS) {
                if (s.startsWith(op, i)) {
                    i += op.length();
                    return op;
                }
            }
            throw new RunsIndexException("--where: expected one of = != < <= > >= after '" + key + "'"
                    + (i < s.length() ? ", found '" + s.substring(i) + "'" : ""));
        }

        String value(String key) throws RunsIndexException {
            skipSpace();
            if (i >= s.length()) {
                throw new RunsIndexException("--where: '" + key + "' has no value");
            }
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new RunsIndexException("--where: unterminated quote in the value of '" + key + "'");
                }
                String v = s.substring(i + 1, end);
                i = end + 1;
                return v;
            }
            return word();
        }

        String word() {
            skipSpace();
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }
    }
}
