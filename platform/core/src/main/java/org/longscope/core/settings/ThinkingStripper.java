package org.longscope.core.settings;

import java.util.regex.Pattern;

/**
 * Removes reasoning from a response before scoring: every {@code <think>...</think>} block, an
 * unterminated leading {@code <think>} block (the model never reached its answer), and everything
 * up to a closing {@code </think>} whose opening tag was in the prompt (templates that start the
 * assistant turn with {@code <think>}).
 */
public final class ThinkingStripper {
    private static final Pattern BLOCK = Pattern.compile("<think>.*?</think>", Pattern.DOTALL);

    private ThinkingStripper() {
    }

    public static String strip(String response) {
        String out = BLOCK.matcher(response).replaceAll("");
        int close = out.indexOf("</think>");
        if (close >= 0 && !out.substring(0, close).contains("<think>")) {
            out = out.substring(close + "</think>".length());
        }
        int open = out.indexOf("<think>");
        if (open >= 0 && out.substring(0, open).isBlank()) {
            return "";
        }
        return out.strip();
    }
}
