"""Writes metrics-golden.jsonl and segmentation-golden.jsonl: what upstream computes for seeded cases.

metrics-golden.jsonl       {"metric", "prediction", "ground_truth", "all_classes", "expected"}: one call of a
                           function of LongBench/metrics.py; and {"task", "prediction", "answers", "all_classes",
                           "expected"}: LongBench/eval.py's scorer over one item (first-line cut, max over answers)
segmentation-golden.jsonl  {"text", "words"}: list(jieba.cut(text, cut_all=False))

Upstream: THUDM/LongBench at 2e00731 (LongBench/metrics.py, eval.py), jieba 0.42.1 (its dict.txt, git blob
fc6075f6), pltrdy/rouge at c1b90a7 (1.0.1), seatgeek/fuzzywuzzy at af443f9 without python-Levenshtein (so
difflib), as LongBench's requirements.txt installs them. Run from this folder under CPython 3.11:
  PYTHONPATH=<LongBench>/LongBench:<jieba>:<rouge>:<fuzzywuzzy> python3 make_metrics_golden.py
"""
import json
import random

import jieba
import metrics
import eval as longbench_eval

rng = random.Random(20261207)

DICT_WORDS = [line.decode("utf-8").split(" ")[0] for line in jieba.get_dict_file()]
EN_WORDS = ("the a an The A An answer is was Paris London 1872 engineer Hale lighthouse river granite museum "
            "coast guard keeper's cottage built stands on of to in and e.g. U.S. don't co-operate "
            "café naïve Ünïcode théâtre 42 3.14 x_y").split()
PUNCT = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + ["，", "。", "！", "？", "、", "“", "”", "《", "》", "…", "——", "·"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\u3000", "\u00a0", "\r\n", "\x1c"]
CODE_CHARS = "abcdefghijklmnopqrstuvwxyz_ABCXYZ0123456789 ()[]{}.,:;=+-*/<>\"'"

ZH_SENTENCES = [
    "我来到北京清华大学",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "北京是中华人民共和国的首都，也是全国的政治和文化中心。",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "结果婚的和尚未结过婚的",
    "吉林省长春市的冬天很冷，气温常在零下二十度。",
    "吉林人在吉林工作",
    "这是一个伸手不见五指的黑夜。我叫孙悟空，我爱北京，我爱Python和C++。",
    "李小福是创新办主任也是云计算方面的专家; 什么是八一双鹿",
    "T恤和B超，AT&T公司与ＡＢＣ全角字母，３．１４和100%的把握",
    "会议于2024年3月15日上午9:30在上海举行，共有1,200人参加。",
    "张三说：“明天去颐和园吗？”李四回答：“好啊！”",
    "",
    "   ",
    "a",
    "段落12",
]


def zh_text():
    parts = []
    for _ in range(rng.randint(1, 25)):
        r = rng.random()
        if r < 0.6:
            parts.append(rng.choice(DICT_WORDS))
        elif r < 0.75:
            parts.append(chr(rng.randint(0x4E00, 0x9FD5)))
        elif r < 0.85:
            parts.append(rng.choice(PUNCT))
        elif r < 0.92:
            parts.append(rng.choice(EN_WORDS))
        elif r < 0.96:
            parts.append(str(rng.randint(0, 3000)) + rng.choice(["", "%", ".5", "年"]))
        else:
            parts.append(rng.choice(SPACES))
    return "".join(parts)


def en_text(words=(1, 30), period=0.1):
    out = []
    for _ in range(rng.randint(*words)):
        w = rng.choice(EN_WORDS)
        if rng.random() < 0.15:
            w += rng.choice(PUNCT)
        out.append(w)
        out.append("." if rng.random() < period else rng.choice(SPACES))
    return "".join(out)


def code_line(length):
    return "".join(rng.choice(CODE_CHARS) for _ in range(length))


def mutate(s, edits):
    s = list(s)
    for _ in range(edits):
        if not s:
            break
        i = rng.randrange(len(s))
        op = rng.random()
        if op < 0.4:
            s[i] = rng.choice(CODE_CHARS)
        elif op < 0.7:
            del s[i]
        else:
            s.insert(i, rng.choice(CODE_CHARS))
    return "".join(s)


def metric_case(name, prediction, ground_truth, all_classes=None):
    fn = getattr(metrics, name)
    return {"metric": name, "prediction": prediction, "ground_truth": ground_truth,
            "all_classes": all_classes, "expected": float(fn(prediction, ground_truth, all_classes=all_classes))}


def main():
    cases = []
    # qa_f1_score: normalization (case, string.punctuation, articles, Python whitespace) and the token multiset F1
    fixed_en = [("The answer is Paris.", "Paris"), ("an apple a day", "The Apple"), ("", "Paris"), ("Paris", ""),
                ("the the the", "the"), ("Thomas Hale", "thomas  hale!"), ("théâtre, naïve", "Théâtre naïve"),
                ("theatre another", "another the atre"), ("x_y x-y", "x y xy"), ("1872\u3000Hale", "Hale 1872")]
    for p, g in fixed_en:
        cases.append(metric_case("qa_f1_score", p, g))
    for _ in range(120):
        g = en_text((1, 8))
        p = en_text((0, 25)) if rng.random() < 0.5 else g + " " + en_text((0, 5))
        cases.append(metric_case("qa_f1_score", p, g))
    # qa_f1_zh_score: jieba words, each normalized, empties dropped
    for _ in range(120):
        g = zh_text()
        p = zh_text() if rng.random() < 0.4 else g[: rng.randint(0, len(g))] + zh_text()
        cases.append(metric_case("qa_f1_zh_score", p, g))
    for s in ZH_SENTENCES:
        cases.append(metric_case("qa_f1_zh_score", s, ZH_SENTENCES[3]))
    # rouge_score: sentences at ".", distinct-word LCS union, exceptions as 0 (empty side, recursion limit)
    fixed_rouge = [("", "a summary"), ("...", "a summary."), (" . ", "a b"), ("a b c", ""), ("the cat sat. on the mat", "the cat is on the mat"),
                   ("a a a b", "a b b b"), ("one. two. three", "three. two. one")]
    for p, g in fixed_rouge:
        cases.append(metric_case("rouge_score", p, g))
    for _ in range(100):
        g = en_text((1, 60), 0.08)
        p = en_text((0, 80), 0.08) if rng.random() < 0.5 else g.replace("the", "a") + en_text((0, 10))
        cases.append(metric_case("rouge_score", p, g))
    # rouge_zh_score: jieba words joined by spaces, then rouge_score (one frame deeper)
    for _ in range(80):
        g = zh_text()
        p = zh_text() if rng.random() < 0.4 else g[: rng.randint(0, len(g))] + zh_text()
        cases.append(metric_case("rouge_zh_score", p, g))
    # classification_score: substring matches, the removal during iteration, ties split
    trec = ["Abbreviation", "Expression abbreviated", "Animal", "Color", "Description", "Description of a person",
            "Definition of something", "Location", "Location city", "City", "Number", "Person", "Human being",
            "Date", "Manner", "Reason", "Other location", "Other number"]
    fixed_cls = [("Location city", "Location city"), ("Location city", "Location"), ("Description of a person", "Description"),
                 ("City Location city Other location", "Location city"), ("Number and Date", "Date"), ("nothing", "Color")]
    for p, g in fixed_cls:
        cases.append(metric_case("classification_score", p, g, trec))
    for _ in range(80):
        picks = rng.sample(trec, rng.randint(0, 4))
        p = " ".join(picks) + rng.choice(["", " other", "\nLocation"])
        g = rng.choice(picks) if picks and rng.random() < 0.7 else rng.choice(trec)
        cases.append(metric_case("classification_score", p, g, trec))
    # a class right after a removed one escapes its own removal: 1/2 upstream, where a plain filter gives 1
    cases.append(metric_case("classification_score", "A B", "A B", ["A", "B", "A B"]))
    lsht = ["体育", "财经", "科技", "教育", "娱乐", "军事", "体育新闻", "财经新闻"]
    for _ in range(20):
        picks = rng.sample(lsht, rng.randint(0, 3))
        cases.append(metric_case("classification_score", "，".join(picks), rng.choice(lsht), lsht))
    # retrieval_score / retrieval_zh_score / count_score: the share of numbers that are right
    for _ in range(40):
        n = rng.randint(1, 30)
        numbers = [str(rng.randint(1, 30)) for _ in range(rng.randint(0, 4))]
        p = rng.choice(["Paragraph %s", "The answer is Paragraph %s.", "%s", "段落%s"]) % (numbers[0] if numbers else "")
        p += " " + " ".join(numbers[1:]) + rng.choice(["", " ٣", " 1.5"])
        cases.append(metric_case("retrieval_score", p, "Paragraph %d" % n))
        cases.append(metric_case("retrieval_zh_score", p.replace("Paragraph ", "段落"), "段落%d" % n))
        cases.append(metric_case("count_score", p, str(n)))
    # code_sim_score: first line without ` # //, fuzz.ratio (difflib, autojunk for 200+ elements), banker's rounding
    fixed_code = [("x = foo(a, b)", "x = foo(a,b)"), ("", "return x"), ("\n\n```python\n# comment\nreturn x\n", "return x"),
                  ("// c\n# d\n`e`", "return x"), ("return x", "return x"), ("abcd", "abce"), ("a", "b")]
    for p, g in fixed_code:
        cases.append(metric_case("code_sim_score", p, g))
    for _ in range(100):
        g = code_line(rng.choice([5, 20, 60, 150, 199, 200, 250, 400]))
        first = mutate(g, rng.randint(0, 20)) if rng.random() < 0.8 else code_line(len(g))
        prefix = rng.choice(["", "\n", "```\n", "# x\n", "    "])
        cases.append(metric_case("code_sim_score", prefix + first + rng.choice(["", "\nmore()", "\n\n"]), g))
    for _ in range(20):  # popular elements: a b of 200+ with a repeated character
        g = "".join(rng.choice("aaaab ") for _ in range(rng.randint(200, 320)))
        cases.append(metric_case("code_sim_score", mutate(g, rng.randint(0, 30)), g))
    # whole items through eval.py's scorer: the first-line cut and the max over references
    for task, preds, answers, classes in [
        ("trec", ["\nLocation city\nNumber"], ["Location city"], trec),
        ("triviaqa", ["Paris\nLondon is the answer"], ["London", "Paris, France"], None),
        ("samsum", ["\n\nJohn will call Mary.\nThen they meet."], ["John calls Mary.", "They will meet."], None),
        ("lsht", ["体育\n财经"], ["财经"], lsht),
        ("narrativeqa", ["He went home.\nLater he left."], ["went home", "He left"], None),
        ("lcc", ["\n    return self.value\n"], ["return self.value"], None),
    ]:
        expected = longbench_eval.scorer(task, preds, [answers], classes) / 100  # rounded to 0.0001
        cases.append({"task": task, "prediction": preds[0], "answers": answers, "all_classes": classes, "expected": expected})
    cases.extend(RECURSION_LIMIT_CASES)
    with open("metrics-golden.jsonl", "w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False) + "\n")

    texts = ZH_SENTENCES + [zh_text() for _ in range(400)]
    with open("segmentation-golden.jsonl", "w", encoding="utf-8") as out:
        for text in texts:
            out.write(json.dumps({"text": text, "words": list(jieba.cut(text, cut_all=False))}, ensure_ascii=False) + "\n")


# rouge's recursive LCS walk against Python's recursion limit: scored at module level, as eval.py's
# __main__ calls scorer, so that the stack is as deep as upstream's
LONG_EN = " ".join("w%d" % i for i in range(990))
LONG_ZH = " ".join(chr(0x4E00 + 7 * i) for i in range(989))
RECURSION_LIMIT_CASES = []
for task, prediction, reference in [("gov_report", LONG_EN, LONG_EN), ("gov_report", LONG_EN + " w990", LONG_EN + " w990"),
                                    ("gov_report", LONG_EN + " extra", LONG_EN), ("vcsum", LONG_ZH, LONG_ZH),
                                    ("vcsum", LONG_ZH + " 龥", LONG_ZH + " 龥")]:
    score = longbench_eval.scorer(task, [prediction], [[reference]], None)
    RECURSION_LIMIT_CASES.append({"task": task, "prediction": prediction, "answers": [reference], "all_classes": None,
                                  "expected": score / 100})

if __name__ == "__main__":
    main()
