package org.longscope.nativeengine.engine;

import java.util.function.Consumer;

/**
 * Sends generated text as it grows, holding back the tail that may still change: an unfinished
 * UTF-8 character (decoded as U+FFFD until its last byte arrives), half a surrogate pair, and the
 * last {@code holdBack} characters, which could begin a stop string. The pieces sent concatenate
 * to the final text.
 */
final class TextStreamer {
    private final Consumer<String> sink;
    private final int holdBack;
    private int sent;

    TextStreamer(Consumer<String> sink, int holdBack) {
        this.sink = sink;
        this.holdBack = holdBack;
    }

    /** The whole text decoded so far. */
    void grown(String decoded) {
        int safe = decoded.length() - holdBack;
        while (safe > sent && (decoded.charAt(safe - 1) == '\uFFFD' || Character.isHighSurrogate(decoded.charAt(safe - 1)))) {
            safe--;
        }
        if (safe > sent) {
            sink.accept(decoded.substring(sent, safe));
            sent = safe;
        }
    }

    /** The final text (cut before a stop string): what has not been sent yet. */
    void finish(String text) {
        if (text.length() > sent) {
            sink.accept(text.substring(sent));
        }
        sent = text.length();
    }
}
