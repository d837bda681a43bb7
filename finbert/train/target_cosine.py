"""Cosine similarity between the model's polarity toward a company and gold company-level scores (the SemEval-2017
task 5 metric), on the two held-out sets of the entity build that carry one.

usage: target_cosine.py WORK_DIR SHARED_DATA_DIR [MODEL_DIR]

  * fiqa_val: the FiQA 2018 (post, target) rows of split=val in WORK_DIR/data.jsonl, with their gold
    sentiment_score in [-1, 1] from the shared JSON (small: about 64 rows);
  * sentfin_test: eval/sentfin_test.tsv with labels read as +1 / -1 / 0 (a proxy: the gold is discrete).

Each row is scored through the shipped runtime (`bin/tickertape score`, one JSON line per (text, entity)), and the
prediction is P(positive) - P(negative). Prints one JSON object per set: {"set", "n", "cosine"}.
"""
import json
import math
import os
import subprocess
import sys

from prepare_data import norm

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def fiqa_gold(shared):
    with open(os.path.join(shared, "sentiment", "fiqa2018", "task1_post_ABSA_train.json"), encoding="utf-8") as f:
        data = json.load(f)
    gold = {}
    for post in data.values():
        for info in post["info"]:
            gold[(norm(post["sentence"]).lower(), norm(info["target"]).lower())] = float(info["sentiment_score"])
    return gold


def score(rows, model):
    cmd = [os.path.join(REPO, "bin", "tickertape"), "score", "--input", "-"] + (["--model", model] if model else [])
    lines = "".join(t.replace("\t", " ") + "\t" + e.replace("\t", " ") + "\n" for t, e, _ in rows)
    out = subprocess.run(cmd, input=lines, capture_output=True, text=True, check=True, timeout=1800).stdout
    preds = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(preds) != len(rows):
        raise SystemExit(f"scored {len(preds)} of {len(rows)} rows")
    return [p["scores"]["positive"] - p["scores"]["negative"] for p in preds]


def cosine(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def main():
    work, shared = sys.argv[1], sys.argv[2]
    model = sys.argv[3] if len(sys.argv) > 3 else None
    gold = fiqa_gold(shared)
    fiqa = []
    with open(os.path.join(work, "data.jsonl"), encoding="utf-8") as f:
        for r in map(json.loads, f):
            if r["split"] == "val" and r["source"] == "fiqa_target":
                fiqa.append((r["text"], r["target"], gold[(r["text"].lower(), r["target"].lower())]))
    value = {"positive": 1.0, "negative": -1.0, "neutral": 0.0}
    sentfin = []
    with open(os.path.join(work, "eval", "sentfin_test.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            t, e, lab = line.rstrip("\n").split("\t")
            sentfin.append((t, e, value[lab]))
    for name, rows in (("fiqa_val", fiqa), ("sentfin_test", sentfin)):
        pred = score(rows, model)
        print(json.dumps({"set": name, "n": len(rows), "cosine": round(cosine(pred, [g for _, _, g in rows]), 4)}))


if __name__ == "__main__":
    main()
