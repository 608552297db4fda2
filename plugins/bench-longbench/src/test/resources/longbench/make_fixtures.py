"""Writes the LongBench fixtures in the hub's layout and format, and what upstream makes of them.

data.zip     data/<task>.jsonl (21 tasks, 2 items) and data/<task>_e.jsonl (13 tasks, 3 items)
data.json    LongBench v2: a JSON array of 4 items
predictions.jsonl   a prediction per item, as a model might answer
expected-prompts.jsonl   upstream's prompt per item: dataset2prompt[task].format(**item) (LongBench/pred.py),
                         and v2's template.replace chain (pred.py of LongBench v2)
expected-result.json / expected-result-e.json   LongBench/eval.py's scorer / scorer_e over predictions.jsonl

Run from this folder with upstream THUDM/LongBench's LongBench/ folder on sys.path (metrics.py and
its jieba, rouge and fuzzywuzzy imports), e.g.
  PYTHONPATH=<LongBench>/LongBench:<jieba>:<rouge>:<fuzzywuzzy> python3 make_fixtures.py
"""
import json
import zipfile

PROMPTS = json.load(open("../../../main/resources/longbench/dataset2prompt.json", encoding="utf-8"))
V2_TEMPLATE = open("../../../main/resources/longbench/v2-0shot.txt", encoding="utf-8").read()

TREC_CLASSES = ["Abbreviation", "Animal", "Color", "Description", "Location", "Location city", "Number", "Person",
                "Date", "Manner", "Reason"]
LSHT_CLASSES = ["体育", "财经", "科技", "教育", "娱乐", "军事"]

EN_DOC = ("The Lighthouse of Varne was built in 1872 by the engineer Thomas Hale. It stands on a granite outcrop "
          "at the mouth of the river. In 1901 the light was converted to paraffin, and in 1954 to electricity. "
          "The keeper's cottage now houses a small museum about the coast guard. ")
ZH_DOC = "北京是中华人民共和国的首都，也是全国的政治和文化中心。故宫位于北京市中心，是明清两代的皇家宫殿。长城在北京北部的山区延伸。"
CODE = "import os\n\ndef read_config(path):\n    with open(path) as f:\n        data = f.read()\n    return data\n\n"


def item(task, i, context, inp, answers, length, classes=None):
    return {"input": inp, "context": context, "answers": answers, "length": length, "dataset": task,
            "language": "zh" if task in ("multifieldqa_zh", "dureader", "vcsum", "lsht", "passage_retrieval_zh") else "en",
            "all_classes": classes, "_id": "%s-%04d" % (task, i)}


def items(task, n, lengths):
    out = []
    for i in range(n):
        length = lengths[i]
        if task in ("narrativeqa", "qasper", "multifieldqa_en", "hotpotqa", "2wikimqa", "musique"):
            q = ["Who built the Lighthouse of Varne?", "When was the light converted to electricity?",
                 "What does the keeper's cottage house?"][i % 3]
            a = [["Thomas Hale", "the engineer Thomas Hale"], ["1954"], ["a small museum about the coast guard"]][i % 3]
            ctx = ("Passage %d:\n" % (i + 1) if "qa" in task and task not in ("qasper",) else "") + EN_DOC * (2 + i)
            out.append(item(task, i, ctx, q, a, length))
        elif task in ("multifieldqa_zh", "dureader"):
            q = ["故宫是哪两个朝代的皇家宫殿？", "长城在北京的哪个方向？", "北京是什么中心？"][i % 3]
            a = [["明清两代"], ["北部的山区"], ["全国的政治和文化中心"]][i % 3]
            out.append(item(task, i, ZH_DOC * (2 + i), q, a, length))
        elif task in ("gov_report", "multi_news", "qmsum"):
            a = ["The Lighthouse of Varne, built in 1872 by Thomas Hale, was converted to paraffin in 1901 and to "
                 "electricity in 1954; its cottage is now a museum."]
            q = "Summarize the history of the lighthouse." if task == "qmsum" else ""
            out.append(item(task, i, EN_DOC * (3 + i), q, a, length))
        elif task == "vcsum":
            out.append(item(task, i, ZH_DOC * (3 + i), "", ["北京是中国的首都，有故宫和长城。"], length))
        elif task == "trec":
            ctx = "Question: What is the capital of France ?\nType: Location city\nQuestion: How many legs does a spider have ?\nType: Number\n"
            q = ["What city hosted the 1900 Olympics ?", "Who painted the Mona Lisa ?", "What river flows through Cairo ?"][i % 3]
            a = [["Location city"], ["Person"], ["Location"]][i % 3]
            out.append(item(task, i, ctx * (2 + i), q, a, length, TREC_CLASSES))
        elif task == "triviaqa":
            ctx = "Passage: " + EN_DOC + "\nQuestion: Who built the lighthouse?\nAnswer: Thomas Hale\n\n"
            q = "Passage: " + EN_DOC + "\nQuestion: In which year was the light converted to paraffin?"
            out.append(item(task, i, ctx * (1 + i), q, ["1901", "in 1901"], length))
        elif task == "samsum":
            ctx = "Dialogue: Anna: Are we still on for lunch?\nBen: Yes, at noon.\nSummary: Anna and Ben will have lunch at noon.\n\n"
            q = "Dialogue: Carl: I lost my keys.\nDana: They are on the kitchen table.\n"
            out.append(item(task, i, ctx * (1 + i), q, ["Carl's keys are on the kitchen table."], length))
        elif task == "lsht":
            ctx = "新闻内容：国家队在昨晚的比赛中以二比一获胜。\n类别：体育\n新闻内容：央行宣布下调存款准备金率。\n类别：财经\n"
            q = ["新闻内容：一款新的手机芯片今天发布。", "新闻内容：股市今天大幅上涨。", "新闻内容：足球联赛今晚开幕。"][i % 3]
            a = [["科技"], ["财经"], ["体育"]][i % 3]
            out.append(item(task, i, ctx * (2 + i), q, a, length, LSHT_CLASSES))
        elif task == "passage_count":
            paras = ["Paragraph %d: %s" % (k + 1, EN_DOC if k % 2 == 0 else ZH_DOC) for k in range(4 + i)]
            out.append(item(task, i, "\n\n".join(paras), "", [str(2 + i)], length))
        elif task == "passage_retrieval_en":
            paras = ["Paragraph %d: %s" % (k + 1, EN_DOC.replace("1872", str(1870 + k))) for k in range(5)]
            out.append(item(task, i, "\n\n".join(paras), "The lighthouse was built in %d." % (1870 + i + 1),
                            ["Paragraph %d" % (i + 2)], length))
        elif task == "passage_retrieval_zh":
            paras = ["段落%d：%s" % (k + 1, ZH_DOC) for k in range(5)]
            out.append(item(task, i, "\n\n".join(paras), "北京的故宫。", ["段落%d" % (i + 3)], length))
        elif task == "lcc":
            out.append(item(task, i, CODE * (1 + i) + "def main():\n", "", ["    config = read_config(os.environ['CONFIG'])"], length))
        elif task == "repobench-p":
            ctx = "# Path: utils/config.py\n" + CODE * (1 + i)
            out.append(item(task, i, ctx, "# Path: app.py\nfrom utils.config import read_config\n", ["data = read_config('app.ini')"], length))
    return out


TASKS = ["narrativeqa", "qasper", "multifieldqa_en", "multifieldqa_zh", "hotpotqa", "2wikimqa", "musique", "dureader",
         "gov_report", "qmsum", "multi_news", "vcsum", "trec", "triviaqa", "samsum", "lsht", "passage_count",
         "passage_retrieval_en", "passage_retrieval_zh", "lcc", "repobench-p"]
E_TASKS = ["qasper", "multifieldqa_en", "hotpotqa", "2wikimqa", "gov_report", "multi_news", "trec", "triviaqa", "samsum",
           "passage_count", "passage_retrieval_en", "lcc", "repobench-p"]

# predictions: right, partly right, wrong, in the shapes upstream's post-processing sees
PRED = {
    "narrativeqa": ["Thomas Hale.", "It was converted in 1954"], "qasper": ["The engineer Thomas Hale", "unanswerable", "a museum"],
    "multifieldqa_en": ["Thomas Hale", "In 1954.", "A small museum about the coast guard."],
    "multifieldqa_zh": ["明清两代的皇家宫殿", "北部"], "hotpotqa": ["Thomas Hale", "1901", "museum"],
    "2wikimqa": ["Hale", "1954", "the coast guard museum"], "musique": ["Thomas", "in the year 1954"],
    "dureader": ["故宫是明清两代的皇家宫殿。", "长城在北京北部的山区。"],
    "gov_report": ["The lighthouse was built in 1872 and converted to electricity in 1954.", "", "A museum about the coast guard."],
    "qmsum": ["Built in 1872 by Thomas Hale; converted to paraffin and later electricity.", "The lighthouse is old."],
    "multi_news": ["Thomas Hale built the Lighthouse of Varne in 1872.", "Lighthouse history.", "It is now a museum."],
    "vcsum": ["北京是首都，有故宫。", "长城很长。"],
    "trec": ["Location city\nQuestion: next", "\nPerson", "Location city"],
    "triviaqa": ["1901\nQuestion: Who built it?", "In 1901 the light", "1954"],
    "samsum": ["Carl's keys are on the kitchen table.\nDialogue: more", "Dana tells Carl where the keys are.", "\n\nCarl lost keys."],
    "lsht": ["科技", "财经和体育", "娱乐"],
    "passage_count": ["2", "There are 3 paragraphs, 3 unique.", "4"],
    "passage_retrieval_en": ["Paragraph 2", "Paragraph 3 and Paragraph 1", "The answer is Paragraph 5"],
    "passage_retrieval_zh": ["段落3", "段落4或段落１"],
    "lcc": ["    config = read_config(os.environ['CONFIG'])", "```python\n    config = read_config('x')\n```", "# comment\n    return"],
    "repobench-p": ["data = read_config('app.ini')", "data = read_config(path)", "\n// js\nprint(data)"],
}


def main():
    from eval import scorer, scorer_e  # upstream LongBench/eval.py
    prompts = []
    predictions = []
    result, result_e = {}, {}
    with zipfile.ZipFile("data.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for e in (False, True):
            for task in (E_TASKS if e else TASKS):
                n = 3 if e else 2
                rows = items(task, n, [3000, 5000, 9000] if e else [1200 + 300 * k for k in range(n)])
                z.writestr("data/%s%s.jsonl" % (task, "_e" if e else ""),
                           "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
                preds = [PRED[task][k % len(PRED[task])] for k in range(n)]
                for r, p in zip(rows, preds):
                    key = {"benchmark": "longbench-e" if e else "longbench", "task": task, "id": r["_id"]}
                    prompts.append(dict(key, prompt=PROMPTS[task].format(**r)))
                    predictions.append(dict(key, pred=p))
                answers = [r["answers"] for r in rows]
                classes = rows[0]["all_classes"]
                if e:
                    result_e[task] = scorer_e(task, preds, answers, [r["length"] for r in rows], classes)
                else:
                    result[task] = scorer(task, preds, answers, classes)
    v2 = []
    for i, (difficulty, length, answer) in enumerate([("easy", "short", "A"), ("hard", "medium", "C"),
                                                      ("hard", "long", "B"), ("easy", "short", "D")]):
        v2.append({"_id": "66f36490821e116aacb2%04d" % i, "domain": ["Single-Document QA", "Multi-Document QA"][i % 2],
                   "sub_domain": "Academic", "difficulty": difficulty, "length": length,
                   "question": "  Who built the Lighthouse of Varne?\n", "choice_A": "Thomas Hale", "choice_B": " John Smeaton",
                   "choice_C": "Robert Stevenson ", "choice_D": "James Walker", "answer": answer,
                   "context": "\n" + EN_DOC * (2 + i) + "\u3000"})
    json.dump(v2, open("data.json", "w", encoding="utf-8"), ensure_ascii=False)
    v2_preds = ["The correct answer is (A)", "**The correct answer is C**", "I think B.", "The correct answer is (A) or (D)"]
    for item, p in zip(v2, v2_preds):
        prompt = V2_TEMPLATE.replace('$DOC$', item['context'].strip()).replace('$Q$', item['question'].strip()) \
            .replace('$C_A$', item['choice_A'].strip()).replace('$C_B$', item['choice_B'].strip()) \
            .replace('$C_C$', item['choice_C'].strip()).replace('$C_D$', item['choice_D'].strip())
        key = {"benchmark": "longbench-v2", "task": "multiple_choice", "id": item["_id"]}
        prompts.append(dict(key, prompt=prompt))
        predictions.append(dict(key, pred=p))
    with open("expected-prompts.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in prompts)
    with open("predictions.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions)
    with open("expected-result.json", "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=4)
    with open("expected-result-e.json", "w", encoding="utf-8") as f:
        json.dump(result_e, f, ensure_ascii=False, indent=4)


if __name__ == "__main__":
    main()
