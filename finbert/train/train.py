"""Fine-tune a converted BERT encoder (MiniLM-L6 student / shipped model, or the 12-layer bge-small teacher)
as a 3-class financial sentiment classifier, optionally with knowledge distillation from teacher logits.

usage: train.py WORK_DIR [--epochs 5] [--patience 2] [--lr 8e-5] [--batch 32] [--threads 2] [--seed 13]
                [--base minilm_base.pt] [--layers 6] [--out finetuned.pt] [--log train_log.json]
                [--teacher teacher_logits.jsonl --alpha 0.5 --temperature 2
                 --unlabeled unlabeled_ids.jsonl --unlabeled-per-epoch N]

Reads WORK_DIR/<base> (convert.py), WORK_DIR/data.jsonl (prepare_data.py) and WORK_DIR/ids.jsonl
(TrainingTokenizer encode, max 64 tokens). Trains on split=train, early-stops on macro-F1 of split=val
(carved from the training pool; no test split is looked at), writes WORK_DIR/<out> (best epoch) and
WORK_DIR/<log>.

Distillation (--teacher, logits written by teacher_logits.py): labeled texts get
alpha * CE(hard label) + (1 - alpha) * T^2 * KL(softmax(teacher/T) || softmax(student/T)); texts of the
unlabeled pool (--unlabeled, ids of unlabeled.jsonl from prepare_unlabeled.py) get T^2 * KL only. Labeled and
unlabeled texts are mixed in the same length-bucketed batches; --unlabeled-per-epoch draws a fresh seeded sample
of the unlabeled pool each epoch (0 = all of it). Only split=train and unlabeled logits are read.
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


def load_split(work, split, ids_file="ids.jsonl"):
    rows = {}
    with open(os.path.join(work, "data.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["split"] == split:
                rows[r["id"]] = r
    out = []
    with open(os.path.join(work, ids_file), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in rows:  # (ids, label, id, segment ids or None for a single text, source)
                row = rows[r["id"]]
                out.append((r["ids"], LABELS.index(row["label"]), r["id"], r.get("types"), row.get("source")))
    return out


def load_ids(path):
    """(ids, -1, id) for every row of a TrainingTokenizer output (unlabeled pool)."""
    with open(path, encoding="utf-8") as f:
        return [(r["ids"], -1, r["id"]) for r in map(json.loads, f)]


def load_logits(path, wanted):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in wanted:
                out[r["id"]] = r["logits"]
    missing = wanted - out.keys()
    if missing:
        raise SystemExit(f"{path}: no teacher logits for {len(missing)} ids, e.g. {sorted(missing)[:5]}")
    return out


def collate(items):
    """Pads (ids, label[, id, types]) items; types (segment ids of a text pair) default to zeros."""
    n = max(len(it[0]) for it in items)
    ids = torch.zeros(len(items), n, dtype=torch.long)
    mask = torch.zeros(len(items), n, dtype=torch.long)
    types = torch.zeros(len(items), n, dtype=torch.long)
    for i, it in enumerate(items):
        ids[i, : len(it[0])] = torch.tensor(it[0])
        mask[i, : len(it[0])] = 1
        if len(it) > 3 and it[3]:
            types[i, : len(it[3])] = torch.tensor(it[3])
    y = torch.tensor([it[1] for it in items])
    return ids, mask, types, y


def val_score(val, preds, by_source):
    """Macro-F1 over the whole split, or (by_source) the mean of each source's macro-F1, so a small source such
    as PhraseBank weighs as much as a large one in early stopping."""
    if not by_source:
        return macro_f1([it[1] for it in val], preds), {}
    per = per_source(val, preds, macro_f1)
    return sum(per.values()) / len(per), per


def per_source(val, preds, metric):
    """{source: metric(gold, predicted)} over the rows of each data.jsonl source."""
    groups = {}
    for it, p in zip(val, preds):
        ys, ps = groups.setdefault(it[4], ([], []))
        ys.append(it[1])
        ps.append(p)
    return {src: metric(ys, ps) for src, (ys, ps) in sorted(groups.items())}


def accuracy(y, p):
    return round(sum(int(a == b) for a, b in zip(y, p)) / len(y), 4)


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
    ap.add_argument("--base", default="minilm_base.pt", help="converted encoder state in WORK_DIR (convert.py)")
    ap.add_argument("--layers", type=int, default=6, help="encoder layers of --base (6 MiniLM, 12 bge-small)")
    ap.add_argument("--out", default="finetuned.pt", help="best-epoch classifier state, in WORK_DIR")
    ap.add_argument("--log", default="train_log.json", help="training log, in WORK_DIR")
    ap.add_argument("--teacher", default=None, help="teacher logits jsonl in WORK_DIR (teacher_logits.py)")
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the hard-label CE in distillation")
    ap.add_argument("--temperature", type=float, default=2.0)
    ap.add_argument("--unlabeled", default=None, help="token ids of the unlabeled pool in WORK_DIR (KL only)")
    ap.add_argument("--unlabeled-per-epoch", type=int, default=0, help="seeded sample per epoch (0 = all)")
    ap.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (timing runs)")
    ap.add_argument("--select-by-source", action="store_true",
                    help="early-stop on the mean of per-source validation macro-F1 (sources: data.jsonl)")
    ap.add_argument("--schedule-epochs", type=int, default=0,
                    help="length of the linear LR schedule in epochs (default --epochs); with --epochs smaller, "
                         "training stops early on the same schedule")
    ap.add_argument("--sources", default=None,
                    help="comma-separated data.jsonl sources to train and validate on (default: all)")
    ap.add_argument("--repeat", action="append", default=[], metavar="SOURCE=N",
                    help="show each training row of SOURCE (data.jsonl 'source') N times an epoch, e.g. sentfin=2")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)

    train, val = load_split(a.work, "train"), load_split(a.work, "val")
    if a.sources:
        keep = set(a.sources.split(","))
        train, val = [it for it in train if it[4] in keep], [it for it in val if it[4] in keep]
        if not train or not val:
            raise SystemExit(f"--sources {a.sources}: no training or validation rows")
    for spec in a.repeat:  # oversampling: the entity-level rows are the ones the targets are hardest on
        src, _, n = spec.partition("=")
        if not n.isdigit() or int(n) < 1 or not any(it[4] == src for it in train):
            raise SystemExit(f"--repeat {spec}: expected SOURCE=N with N >= 1 and SOURCE a training source")
        train += [it for it in train if it[4] == src] * (int(n) - 1)
    unlabeled = load_ids(os.path.join(a.work, a.unlabeled)) if a.unlabeled else []
    soft = {}
    if a.teacher:
        soft = load_logits(os.path.join(a.work, a.teacher), {it[2] for it in train} | {it[2] for it in unlabeled})
    elif unlabeled:
        raise SystemExit("--unlabeled needs --teacher")
    print(f"train={len(train)} val={len(val)} unlabeled={len(unlabeled)} teacher={a.teacher}", flush=True)
    model = MiniLMClassifier(BertConfig(num_labels=len(LABELS), layers=a.layers))
    if a.init:
        model.load_state_dict(torch.load(os.path.join(a.work, a.init)))  # relative to WORK_DIR, like every other path
    else:
        missing, unexpected = model.load_state_dict(torch.load(os.path.join(a.work, a.base)), strict=False)
        assert set(missing) == {"classifier.weight", "classifier.bias"} and not unexpected, (missing, unexpected)

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(x in n for x in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=a.lr)
    n_unl = min(len(unlabeled), a.unlabeled_per_epoch) if a.unlabeled_per_epoch else len(unlabeled)
    steps_per_epoch = (len(train) + n_unl + a.batch - 1) // a.batch
    if a.max_steps:
        steps_per_epoch = min(steps_per_epoch, a.max_steps)
    total = steps_per_epoch * (a.schedule_epochs or a.epochs)
    warm = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
    loss_fn = torch.nn.CrossEntropyLoss()
    T = a.temperature

    def batch_loss(logits, y, items):
        if not soft:
            return loss_fn(logits, y)
        t = torch.tensor([soft[it[2]] for it in items], dtype=logits.dtype)
        kl = torch.nn.functional.kl_div(torch.log_softmax(logits / T, -1), torch.log_softmax(t / T, -1),
                                        reduction="none", log_target=True).sum(-1) * (T * T)
        lab = y >= 0
        ce = torch.nn.functional.cross_entropy(logits, y.clamp(min=0), reduction="none")
        per = torch.where(lab, a.alpha * ce + (1 - a.alpha) * kl, kl)
        return per.mean()

    log = {"args": vars(a), "epochs": []}
    best, bad, step = -1.0, 0, 0
    if a.init:  # the starting point is a candidate too: only keep epochs that beat it on validation
        best, _ = val_score(val, predict(model, val), a.select_by_source)
        log["init"] = a.init
        log["init_val_macro_f1"] = best
        log["best_epoch"] = 0
        log["best_val_macro_f1"] = best
        print(f"== init: val macro-F1 {best:.4f}", flush=True)
    t0 = time.time()
    for epoch in range(1, a.epochs + 1):
        model.train()
        run = 0.0
        data = train + (rng.sample(unlabeled, n_unl) if n_unl < len(unlabeled) else unlabeled)
        for bi, b in enumerate(batches(data, a.batch, rng)):
            if bi >= steps_per_epoch:
                break
            items = [data[i] for i in b]
            ids, mask, tt, y = collate(items)
            loss = batch_loss(model(ids, mask, tt), y, items)
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
        ys = [it[1] for it in val]
        acc = sum(int(p == y) for p, y in zip(preds, ys)) / len(ys)
        mf1, per = val_score(val, preds, a.select_by_source)
        acc_by = per_source(val, preds, accuracy)
        print(f"== epoch {epoch}: val accuracy by source {acc_by}", flush=True)
        log["epochs"].append({"epoch": epoch, "val_accuracy": acc, "val_macro_f1": mf1, "val_macro_f1_by_source": per,
                              "val_accuracy_by_source": acc_by,
                              "elapsed_s": round(time.time() - t0)})
        print(f"== epoch {epoch}: val acc {acc:.4f} macro-F1 {mf1:.4f} {per}", flush=True)
        improved = mf1 > best
        if improved:
            best, bad = mf1, 0
            torch.save(model.state_dict(), os.path.join(a.work, a.out))
            log["best_epoch"] = epoch
            log["best_val_macro_f1"] = mf1
            log["best_val_accuracy"] = acc
        with open(os.path.join(a.work, a.log), "w") as f:  # after every epoch: a stopped run leaves a usable log
            json.dump(log, f, indent=1)
        if not improved:
            bad += 1
            if bad >= a.patience:
                print("early stopping", flush=True)
                break
    with open(os.path.join(a.work, a.log), "w") as f:
        json.dump(log, f, indent=1)
    print(f"best epoch {log['best_epoch']} val macro-F1 {best:.4f} total {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
