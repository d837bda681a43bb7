"""Run the fine-tuned teacher over the labeled splits and the unlabeled pool; save its logits and its metrics.

usage: teacher_logits.py WORK_DIR [--model teacher.pt] [--layers 12] [--unlabeled unlabeled_ids.jsonl]
                         [--out teacher_logits.jsonl] [--metrics teacher_metrics.json] [--threads 2]

Writes WORK_DIR/<out>: {"id", "logits"} for every row of ids.jsonl (all splits of data.jsonl) and of the
unlabeled pool's ids. train.py --teacher reads only the split=train and unlabeled ids from it; the val and test
logits are only used here, for the teacher's fp32 metrics (WORK_DIR/<metrics>, same keys as export.py's).
"""
import argparse
import json
import os
import time

import torch

from export import summarize
from minilm import BertConfig, MiniLMClassifier
from train import LABELS, collate, load_ids


@torch.no_grad()
def logits_of(model, data, bs=64, log_every=40):
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    out = [None] * len(data)
    t0 = time.time()
    for bi, s in enumerate(range(0, len(order), bs)):
        part = order[s: s + bs]
        ids, mask, tt, _ = collate([data[i] for i in part])
        for i, l in zip(part, model(ids, mask, tt).tolist()):
            out[i] = l
        if (bi + 1) % log_every == 0:
            print(f"  {s + len(part)}/{len(data)} texts, {time.time() - t0:.0f}s", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--model", default="teacher.pt")
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--unlabeled", default="unlabeled_ids.jsonl")
    ap.add_argument("--out", default="teacher_logits.jsonl")
    ap.add_argument("--metrics", default="teacher_metrics.json")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    model = MiniLMClassifier(BertConfig(num_labels=len(LABELS), layers=a.layers))
    model.load_state_dict(torch.load(os.path.join(a.work, a.model)))
    model.eval()

    split_of, label_of = {}, {}
    with open(os.path.join(a.work, "data.jsonl"), encoding="utf-8") as f:
        for r in map(json.loads, f):
            split_of[r["id"]], label_of[r["id"]] = r["split"], LABELS.index(r["label"])
    data = load_ids(os.path.join(a.work, "ids.jsonl"))
    if a.unlabeled:
        data += load_ids(os.path.join(a.work, a.unlabeled))
    print(f"teacher {a.model}: {len(data)} texts", flush=True)
    t0 = time.time()
    logits = logits_of(model, data)
    print(f"done in {time.time() - t0:.0f}s", flush=True)
    with open(os.path.join(a.work, a.out), "w") as f:
        for (_, _, i), l in zip(data, logits):
            f.write(json.dumps({"id": i, "logits": [round(x, 5) for x in l]}) + "\n")

    results = {}
    by_split = {}
    for (_, _, i), l in zip(data, logits):
        if i in split_of and split_of[i] != "train":
            by_split.setdefault(split_of[i], []).append((label_of[i], torch.softmax(torch.tensor(l), -1)))
    for split, items in sorted(by_split.items()):
        ys = [y for y, _ in items]
        results[split] = summarize(ys, [int(p.argmax()) for _, p in items], [float(p[0] - p[1]) for _, p in items])
        print(f"{split}: {json.dumps(results[split])}", flush=True)
    with open(os.path.join(a.work, a.metrics), "w") as f:
        json.dump({"model": a.model, "layers": a.layers, "fp32": results}, f, indent=1)


if __name__ == "__main__":
    main()
