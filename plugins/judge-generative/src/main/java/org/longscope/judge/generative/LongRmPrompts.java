package org.longscope.judge.generative;

import java.util.List;
import java.util.stream.Collectors;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.model.ChatMessage;

/**
 * The Long-RewardBench judge prompts, as LCM-Lab/Long-RM's evaluator writes them
 * ({@code evaluate/evaluating/longreward_bench/utils/prompt.py}: {@code PAIR_SYSTEM_PROMPT},
 * {@code RANK_SYSTEM_PROMPT}, {@code get_user_prompt}, {@code get_chat_template}), and the judge's
 * question as its preprocessing builds it ({@code preprocess.py}: the contents of every message of
 * the task's prompt joined by a blank line, roles dropped).
 */
final class LongRmPrompts {
    static final String PAIR_SYSTEM_PROMPT = "Please act as an impartial judge and evaluate the quality of the responses "
            + "provided by two AI assistants to the user questions. "
            + "You should focus on who provides a better answer to the second user question. "
            + "You should choose the assistant that follows the user's instructions and answers the user's question "
            + "better. Your evaluation should consider "
            + "factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of their "
            + "responses. Begin your evaluation by "
            + "comparing the two responses and provide a short explanation. Avoid any position biases and ensure that "
            + "the order in which the responses were "
            + "presented does not influence your decision. Do not allow the length of the responses to influence your "
            + "evaluation. Do not favor certain names "
            + "of the assistants. Be as objective as possible. After providing your explanation, output your final "
            + "verdict by strictly following this format: "
            + "\"[[A]]\" if assistant A is better, \"[[B]]\" if assistant B is better.";

    private static final String RANK_SYSTEM_PROMPT = "Please act as an impartial judge and evaluate the quality of the "
            + "responses provided by multiple AI assistants to the user's question. "
            + "You should rank %1$d responses based on their quality, with the highest quality response first, "
            + "followed by the next best, and so on. "
            + "Consider the following factors in your evaluation: helpfulness, relevance, accuracy, depth, creativity, "
            + "and level of detail. "
            + "Do not allow the order in which the responses were presented to influence your decision. "
            + "Your ranking should be based purely on the overall quality of each response, not on the length or the "
            + "name of the assistants. "
            + "After evaluating the responses, please output the ranking of the assistants in the following format: "
            + "%2$s"
            + "Please reply strictly in the following format, starting with [Analysis] and ending with patterns like "
            + "%2$s:\n"
            + "[Analysis]\n(your analysis)\n[Ranking]\n(your ranking in the format of %2$s)";

    private LongRmPrompts() {
    }

    /** {@code get_system_prompt}: the pairwise prompt, or the ranking prompt for {@code n} responses. */
    static String systemPrompt(JudgeRequest.Mode mode, int n) {
        if (mode == JudgeRequest.Mode.PAIRWISE) {
            return PAIR_SYSTEM_PROMPT;
        }
        return String.format(java.util.Locale.ROOT, RANK_SYSTEM_PROMPT, n, pattern(n));
    }

    /** {@code [[A>B>C]]} for three responses. */
    static String pattern(int n) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < n; i++) {
            letters.append(i == 0 ? "" : ">").append(letter(i));
        }
        return "[[" + letters + "]]";
    }

    static char letter(int position) {
        return (char) ('A' + position);
    }

    /** {@code get_user_prompt}: the question, then each answer between its start and end markers. */
    static String userPrompt(String question, List<String> answers) {
        StringBuilder out = new StringBuilder("[User Question]\n").append(question);
        for (int k = 0; k < answers.size(); k++) {
            char a = letter(k);
            out.append("\n\n[The Start of Assistant ").append(a).append("'s Answer]\n").append(answers.get(k))
                    .append("\n[The End of Assistant ").append(a).append("'s Answer]");
        }
        return out.toString();
    }

    /** The task's prompt as the judge's question: every message's content, joined by a blank line. */
    static String question(JudgeRequest request) {
        return request.prompt().stream().map(ChatMessage::content).collect(Collectors.joining("\n\n"));
    }

    /** {@code get_chat_template}: the system prompt, then the user prompt (the long one). */
    static List<ChatMessage> messages(JudgeRequest request) {
        return List.of(ChatMessage.system(systemPrompt(request.mode(), request.candidates().size())),
                ChatMessage.user(userPrompt(question(request), request.candidates())));
    }
}
