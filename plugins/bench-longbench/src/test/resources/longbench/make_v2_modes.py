"""Writes expected-v2-modes.jsonl: LongBench v2's other prompts for the items of data.json, as pred.py builds them.

{"id", "no_context", "cot", "cot_answer"}: template_no_context, template_0shot_cot, and template_0shot_cot_ans with
REASONING as the first step's output (pred.py strips it before putting it in place of $COT$).
Upstream: THUDM/LongBench at 2e00731, pred.py and prompts/0shot_no_context.txt, 0shot_cot.txt, 0shot_cot_ans.txt.
Run from this folder: python3 make_v2_modes.py
"""
import json

PROMPTS = "../../../main/resources/longbench/"
template_no_context = open(PROMPTS + "v2-0shot_no_context.txt", encoding="utf-8").read()
template_0shot_cot = open(PROMPTS + "v2-0shot_cot.txt", encoding="utf-8").read()
template_0shot_cot_ans = open(PROMPTS + "v2-0shot_cot_ans.txt", encoding="utf-8").read()
REASONING = "\n  The text says the engineer Thomas Hale built it in 1872, so the answer is (A).\u3000\n"


def fill(template, item, context):
    return template.replace('$DOC$', context.strip()).replace('$Q$', item['question'].strip()) \
        .replace('$C_A$', item['choice_A'].strip()).replace('$C_B$', item['choice_B'].strip()) \
        .replace('$C_C$', item['choice_C'].strip()).replace('$C_D$', item['choice_D'].strip())


with open("expected-v2-modes.jsonl", "w", encoding="utf-8") as out:
    for item in json.load(open("data.json", encoding="utf-8")):
        context = item['context']
        response = REASONING.strip()
        row = {"id": item["_id"], "no_context": fill(template_no_context, item, context),
               "cot": fill(template_0shot_cot, item, context),
               "cot_answer": fill(template_0shot_cot_ans, item, context).replace('$COT$', response)}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
