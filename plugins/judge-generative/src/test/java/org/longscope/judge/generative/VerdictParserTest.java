package org.longscope.judge.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.longscope.api.judge.JudgeRequest;
import org.longscope.api.judge.Verdict;

/**
 * Verdicts as Long-RM's {@code extract_judgement} (prompt.py at bbc90f5) reads them: the expected
 * value is upstream's return, the rank of each presented answer ({@code []} when it does not parse),
 * derived from that code and checked by running it under CPython 3.11.
 */
class VerdictParserTest {

    private static String ranks(Verdict v) {
        return v.parsed() ? v.ranksByPosition().toString() : "[]";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            well-formed A          | Assistant A grounds every claim in the context.\\n\\n[[A]]                                      | [0, 1]
            extra text B           | After comparing, my final verdict is: [[B]]                                                    | [1, 0]
            both letters: A first  | I first leaned to [[B]], but on reflection [[A]] is better. Final: [[B]]                       | [0, 1]
            inside thinking        | <think>\\nA misses the date; B is right, so [[B]].\\n</think>\\n\\nFinal verdict: [[A]]        | [0, 1]
            echoed instructions    | I will output "[[A]]" if assistant A is better, "[[B]]" if assistant B is better. Verdict: [[B]] | [0, 1]
            bare letter            | Final verdict: A                                                                               | []
            single brackets        | [A]                                                                                            | []
            lower case             | [[a]]                                                                                          | []
            spaces                 | [[ A ]]                                                                                        | []
            tie letter             | [[C]]                                                                                          | []
            a ranking              | [[A>B]]                                                                                        | []
            empty                  | ''                                                                                             | []
            """)
    void pairwise(String name, String output, String expected) {
        assertEquals(expected, ranks(VerdictParser.parse(JudgeRequest.Mode.PAIRWISE, output.replace("\\n", "\n"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            well-formed             | [Analysis]\\nB is best, C is second.\\n[Ranking]\\n[[B>C>A]]                     | [2, 0, 1]
            partly wrong            | [Analysis]\\n...\\n[Ranking]\\n[[B>A>C]]                                         | [1, 0, 2]
            reversed                | [[C>B>A]]                                                                        | [2, 1, 0]
            named assistants        | [[Assistant A > Assistant B > Assistant C > Assistant D]]                        | [0, 1, 2, 3]
            four                    | [[C>B>D>A]]                                                                      | [3, 1, 0, 2]
            first match counts      | <think>Initial guess [A>B>C]</think>\\n[Ranking]\\n[[B>A>C]]                     | [0, 1, 2]
            ten greater-than signs  | Scores: 1>0, 2>1, 3>2, 4>3, 5>4, 6>5, 7>6, 8>7\\n[[A>B>C]]                       | []
            a gap                   | [[A>C]]                                                                          | []
            no first place          | [[C>B]]                                                                          | []
            shorter is accepted     | [[A>B]]                                                                          | [0, 1]
            longer is accepted      | [[A>B>C>D]]                                                                      | [0, 1, 2, 3]
            newline kept in a piece | [[A>B>C\\n]]                                                                     | []
            lower case              | [[a>b>c]]                                                                        | []
            no brackets             | [Ranking]\\nA > B > C                                                            | []
            commas                  | [[A, B, C]]                                                                      | []
            double greater-than     | [[A>>B>C]]                                                                       | []
            single brackets         | [Ranking]\\n[A > B > C]                                                          | [0, 1, 2]
            non-latin first match   | [你好>世界] then [[A>B>C]]                                                         | []
            """)
    void bestOfN(String name, String output, String expected) {
        assertEquals(expected, ranks(VerdictParser.parse(JudgeRequest.Mode.RANKING, output.replace("\\n", "\n"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            B then C tie, earlier first | 0.2;0.9;0.9;0.1 | [2, 0, 1, 3] | true
            pair tie                    | 0.7;0.7         | [0, 1]       | true
            distinct                    | -1.0;3.0;0.5    | [2, 0, 1]    | false
            """)
    void scoresRankHighestFirstAndTiesKeepPresentationOrder(String name, String scores, String expected, boolean tie) {
        Verdict v = Verdict.scored(java.util.Arrays.stream(scores.split(";")).map(Double::valueOf).toList());
        assertEquals(expected, v.ranksByPosition().toString());
        assertEquals(tie, v.tie());
        assertEquals(List.copyOf(v.scores()), v.scores());
    }
}
