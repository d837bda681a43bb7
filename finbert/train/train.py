"""Fine-tune the converted MiniLM encoder as a 3-class financial sentiment classifier.

usage: train.py WORK_DIR [--epochs 5] [--patience 2] [--lr 8e-5] [--batch 32] [--threads 2] [--seed 13]

Reads WORK_DIR/minilm_base.pt (convert.py), WORK_DIR/data.jsonl (prepare_data.py) and WORK_DIR/ids.jsonl
(TrainingTokenizer encode, max 64 tokens). Trains on split=train, early-stops on macro-F1 of split=val
(carved from the training pool; no test split is looked at), writes WORK_DIR/finetuned.pt (best epoch) and
WORK_DIR/train_log.json.
"""
import argparse
import json
import os
import random
import time

import numpy as np
import torch

from minilm import BertConfig, MiniLMClassifier

LABELS = ["positive", "negative", "neutral"]


def load_split(work, split):
    rows = {}
    with open(os.path.join(work, "data.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["split"] == split:
                rows[r["id"]] = r
    out = []
    with open(os.path.join(work, "ids.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in rows:
                out.append((r["ids"], LABELS.index(rows[r["id"]]["label"])))
    return out


def collate(items):
    n = max(len(ids) for ids, _ in items)
    ids = torch.zeros(len(items), n, dtype=torch.long)
    mask = torch.zeros(len(items), n, dtype=torch.long)
    for i, (t, _) in enumerate(items):
        ids[i, : len(t)] = torch.tensor(t)
        mask[i, : len(t)] = 1
    y = torch.tensor([l for _, l in items])
    return ids, mask, torch.zeros_like(ids), y


def batches(data, bs, rng):
    """Length-bucketed batches: shuffle, sort within chunks of 50 batches, shuffle the batches."""
    idx = list(range(len(data)))
    rng.shuffle(idx)
    out = []
    chunk = bs * 50
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c: c + chunk], key=lambda i: len(data[i][0]))
        out += [part[i: i + bs] for i in range(0, len(part), bs)]
    rng.shuffle(out)
    return out


def macro_f1(y, p, k=3):
    f1s = []
    for c in range(k):
        tp = sum(1 for a, b in zip(y, p) if a == c and b == c)
        fp = sum(1 for a, b in zip(y, p) if a != c and b == c)
        fn = sum(1 for a, b in zip(y, p) if a == c and b != c)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    return sum(f1s) / k


@torch.no_grad()
def predict(model, data, bs=64):
    model.eval()
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    preds = [0] * len(data)
    for s in range(0, len(order), bs):
        part = order[s: s + bs]
        ids, mask, tt, _ = collate([data[i] for i in part])
        p = model(ids, mask, tt).argmax(-1).tolist()
        for i, v in zip(part, p):
            preds[i] = v
    return preds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--patience", type=int, default=2)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--init", default=None,
                    help="continue from a fine-tuned classifier state (e.g. another run's finetuned.pt)")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)

    train, val = load_split(a.work, "train"), load_split(a.work, "val")
    print(f"train={len(train)} val={len(val)}", flush=True)
    model = MiniLMClassifier(BertConfig(num_labels=len(LABELS)))
    if a.init:
        model.load_state_dict(torch.load(a.init))
    else:
        missing, unexpected = model.load_state_dict(torch.load(os.path.join(a.work, "minilm_base.pt")), strict=False)
        assert set(missing) == {"classifier.weight", "classifier.bias"} and not unexpected, (missing, unexpected)

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(x in n for x in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=a.lr)
    steps_per_epoch = (len(train) + a.batch - 1) // a.batch
    total = steps_per_epoch * a.epochs
    warm = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
    loss_fn = torch.nn.CrossEntropyLoss()

    log = {"args": vars(a), "epochs": []}
    best, bad, step = -1.0, 0, 0
    if a.init:  # the starting point is a candidate too: only keep epochs that beat it on validation
        ys = [l for _, l in val]
        best = macro_f1(ys, predict(model, val))
        log["init"] = a.init
        log["init_val_macro_f1"] = best
        log["best_epoch"] = 0
        log["best_val_macro_f1"] = best
        print(f"== init: val macro-F1 {best:.4f}", flush=True)
    t0 = time.time()
    for epoch in range(1, a.epochs + 1):
        model.train()
        run = 0.0
        for bi, b in enumerate(batches(train, a.batch, rng)):
            ids, mask, tt, y = collate([train[i] for i in b])
            loss = loss_fn(model(ids, mask, tt), y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run += loss.item()
            if (bi + 1) % 50 == 0:
                print(f"epoch {epoch} step {bi + 1}/{steps_per_epoch} loss {run / 50:.4f} "
                      f"elapsed {time.time() - t0:.0f}s", flush=True)
                run = 0.0
        preds = predict(model, val)
        ys = [l for _, l in val]
        acc = sum(int(p == y) for p, y in zip(preds, ys)) / len(ys)
        mf1 = macro_f1(ys, preds)
        log["epochs"].append({"epoch": epoch, "val_accuracy": acc, "val_macro_f1": mf1,
                              "elapsed_s": round(time.time() - t0)})
        print(f"== epoch {epoch}: val acc {acc:.4f} macro-F1 {mf1:.4f}", flush=True)
        if mf1 > best:
            best, bad = mf1, 0
            torch.save(model.state_dict(), os.path.join(a.work, "finetuned.pt"))
            log["best_epoch"] = epoch
            log["best_val_macro_f1"] = mf1
            log["best_val_accuracy"] = acc
        else:
            bad += 1
            if bad >= a.patience:
                print("early stopping", flush=True)
                break
    with open(os.path.join(a.work, "train_log.json"), "w") as f:
        json.dump(log, f, indent=1)
    print(f"best epoch {log['best_epoch']} val macro-F1 {best:.4f} total {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
