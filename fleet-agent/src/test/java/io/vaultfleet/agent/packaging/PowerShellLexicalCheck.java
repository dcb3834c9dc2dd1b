package io.vaultfleet.agent.packaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a PowerShell parser (none is obtainable from this machine's registries): a lexical check that catches the
 * mistakes that make a script fail to parse — unbalanced or crossed (), {}, [], unterminated '…', "…", here-strings
 * and block comments — and reads the names declared in the script's top-level param() block. It knows comments
 * (# and &lt;# #&gt;), single-quoted strings ('' escapes a quote), double-quoted strings (backtick escapes) and here-strings.
 */
final class PowerShellLexicalCheck {
    private PowerShellLexicalCheck() {
    }

    /** The problems found, empty when the script passes. */
    static List<String> problems(String script) {
        List<String> problems = new ArrayList<>();
        Deque<int[]> open = new ArrayDeque<>(); // {char, line}
        int line = 1;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (script.startsWith("<#", i)) {
                int end = script.indexOf("#>", i + 2);
                if (end < 0) {
                    problems.add("line " + line + ": block comment <# is never closed");
                    return problems;
                }
                line += count(script, i, end, '\n');
                i = end + 2;
            } else if (c == '#') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (script.startsWith("@'", i) || script.startsWith("@\"", i)) {
                String close = "\n" + script.charAt(i + 1) + "@";
                int end = script.indexOf(close, i + 2);
                if (end < 0) {
                    problems.add("line " + line + ": here-string is never closed");
                    return problems;
                }
                line += count(script, i, end + 1, '\n');
                i = end + close.length();
            } else if (c == '\'') {
                int start = line;
                i++;
                while (true) {
                    if (i >= n) {
                        problems.add("line " + start + ": single-quoted string is never closed");
                        return problems;
                    }
                    char d = script.charAt(i);
                    if (d == '\n') {
                        line++;
                    }
                    if (d == '\'' && i + 1 < n && script.charAt(i + 1) == '\'') {
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else {
                        i++;
                    }
                }
            } else if (c == '"') {
                int start = line;
                i++;
                while (true) {
                    if (i >= n) {
                        problems.add("line " + start + ": double-quoted string is never closed");
                        return problems;
                    }
                    char d = script.charAt(i);
                    if (d == '\n') {
                        line++;
                    }
                    if (d == '`') {
                        i += 2;
                    } else if (d == '"') {
                        i++;
                        break;
                    } else {
                        i++;
                    }
                }
            } else if (c == '`') {
                i += 2; // escaped character or line continuation
            } else if (c == '(' || c == '{' || c == '[') {
                open.push(new int[] {c, line});
                i++;
            } else if (c == ')' || c == '}' || c == ']') {
                char expected = c == ')' ? '(' : c == '}' ? '{' : '[';
                if (open.isEmpty()) {
                    problems.add("line " + line + ": '" + c + "' closes nothing");
                } else if (open.peek()[0] != expected) {
                    int[] top = open.peek();
                    problems.add("line " + line + ": '" + c + "' closes '" + (char) top[0] + "' of line " + top[1]);
                } else {
                    open.pop();
                }
                i++;
            } else {
                i++;
            }
        }
        for (int[] o : open) {
            problems.add("line " + o[1] + ": '" + (char) o[0] + "' is never closed");
        }
        return problems;
    }

    private static final Pattern PARAM_NAME = Pattern.compile("\\$([A-Za-z][A-Za-z0-9]*)\\s*(=|,|\\)|$)", Pattern.MULTILINE);

    /** The parameter names of the script's param() block, in order. */
    static Set<String> parameters(String script) {
        Matcher m = Pattern.compile("(?m)^param\\s*\\(").matcher(script);
        if (!m.find()) {
            return Set.of();
        }
        int depth = 0;
        int end = m.end() - 1;
        for (int i = m.end() - 1; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                end = i;
                break;
            }
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher p = PARAM_NAME.matcher(script.substring(m.end(), end + 1));
        while (p.find()) {
            if (!Set.of("true", "false", "null").contains(p.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(p.group(1)); // $true in [Parameter(Mandatory = $true)] is no parameter
            }
        }
        return names;
    }

    private static int count(String s, int from, int to, char c) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                k++;
            }
        }
        return k;
    }
}
