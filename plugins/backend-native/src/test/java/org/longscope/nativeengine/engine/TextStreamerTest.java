package org.longscope.nativeengine.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextStreamerTest {
    @Test
    void anUnfinishedCharacterAndAPossibleStopStringWaitForTheNextToken() {
        List<String> sent = new ArrayList<>();
        TextStreamer streamer = new TextStreamer(sent::add, 2); // longest stop string: 3 characters
        streamer.grown("Hello");
        streamer.grown("Hello w\uFFFD");          // the first byte of a two-byte character
        streamer.grown("Hello wé");
        streamer.grown("Hello wé\uD83D");        // half a surrogate pair
        streamer.grown("Hello wé\uD83D\uDE00!!");
        streamer.finish("Hello wé\uD83D\uDE00!!");
        assertEquals(List.of("Hel", "lo ", "w", "é\uD83D\uDE00", "!!"), sent);
    }

    @Test
    void aStopStringCutsWhatWasHeldBack() {
        List<String> sent = new ArrayList<>();
        TextStreamer streamer = new TextStreamer(sent::add, 3);
        streamer.grown("answer: 4");
        streamer.grown("answer: 42\nQ");
        streamer.finish("answer: 42"); // stop string "\nQ:" found in the next token
        assertEquals("answer: 42", String.join("", sent));
    }
}
