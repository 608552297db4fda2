package org.longscope.judge.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.model.ChatMessage;

/**
 * The prompts byte for byte against LCM-Lab/Long-RM at bbc90f5
 * ({@code evaluate/evaluating/longreward_bench/utils/prompt.py}): the expected lengths and sha256s
 * are those of the strings that file's {@code get_system_prompt} and {@code get_user_prompt} return
 * under CPython 3.11.
 */
class LongRmPromptsTest {

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pairwiseSystemPromptIsUpstreams() throws Exception {
        String p = LongRmPrompts.systemPrompt(JudgeRequest.Mode.PAIRWISE, 2);
        assertEquals(978, p.length());
        assertEquals("4a39e7ba8e571456edd995fff0a3ae016a10e97f00018b60c54577016df9869d", sha256(p));
    }

    @Test
    void rankingSystemPromptsAreUpstreamsForTwoThreeAndFourResponses() throws Exception {
        assertEquals(900, LongRmPrompts.systemPrompt(JudgeRequest.Mode.RANKING, 2).length());
        assertEquals("d5c59a51927a1188c81c961d8a4ba2562ca5c0e3e3a5c2e8a9acf00ac5589618",
                sha256(LongRmPrompts.systemPrompt(JudgeRequest.Mode.RANKING, 2)));
        assertEquals(906, LongRmPrompts.systemPrompt(JudgeRequest.Mode.RANKING, 3).length());
        assertEquals("cd212877c332b9ed095d487583586094ba1cc1161a2b3cb7c3f185ec72eebd04",
                sha256(LongRmPrompts.systemPrompt(JudgeRequest.Mode.RANKING, 3)));
        assertEquals(912, LongRmPrompts.systemPrompt(JudgeRequest.Mode.RANKING, 4).length());
        assertEquals("a98a8dc056eea58907b8547a0dbcfbf23c9f482d92a10a7a456298edec9af9aa",
                sha256(LongRmPrompts.systemPrompt(JudgeRequest.Mode.RANKING, 4)));
    }

    @Test
    void userPromptIsUpstreams() throws Exception {
        String p = LongRmPrompts.userPrompt("Q", List.of("x", "y"));
        assertEquals("[User Question]\nQ\n\n[The Start of Assistant A's Answer]\nx\n[The End of Assistant A's Answer]"
                + "\n\n[The Start of Assistant B's Answer]\ny\n[The End of Assistant B's Answer]", p);
        assertEquals(163, p.length());
        assertEquals("7f2fd75ba49bfc1ec71b48e3e6ddf3de511ea072c9639b87cf30b0feb11e87eb", sha256(p));
        assertEquals("[User Question]\nQ-CONTEXT\n\n[The Start of Assistant A's Answer]\nans0\n[The End of Assistant A's "
                + "Answer]\n\n[The Start of Assistant B's Answer]\nans1\n[The End of Assistant B's Answer]\n\n[The Start of "
                + "Assistant C's Answer]\nans2\n[The End of Assistant C's Answer]",
                LongRmPrompts.userPrompt("Q-CONTEXT", List.of("ans0", "ans1", "ans2")));
    }

    @Test
    void theQuestionIsEveryMessageOfTheTaskPromptJoinedByABlankLine() {
        JudgeRequest request = new JudgeRequest(JudgeRequest.Mode.PAIRWISE,
                List.of(ChatMessage.system("You answer from the document."), ChatMessage.user("DOC\n\nWhat is X?")), 1,
                List.of("a", "b"));
        List<ChatMessage> messages = LongRmPrompts.messages(request);
        assertEquals(List.of("system", "user"), messages.stream().map(ChatMessage::role).toList());
        assertEquals(LongRmPrompts.PAIR_SYSTEM_PROMPT, messages.get(0).content());
        assertEquals(LongRmPrompts.userPrompt("You answer from the document.\n\nDOC\n\nWhat is X?", List.of("a", "b")),
                messages.get(1).content());
    }
}
