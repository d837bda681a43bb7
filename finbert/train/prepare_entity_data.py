"""Build the splits for the entity-aware (text, target) model; the article-level sets come from prepare_data.py.

usage: prepare_entity_data.py SHARED_DATA_DIR WORK_DIR [--val 0.1] [--test 0.1]

Runs prepare_data.py's pool (PhraseBank, twitter, FiQA posts, Benzinga rule headlines) and adds
entity-level rows, so one model learns both inputs:
  * SEntFiN 1.0 train pairs (title, entity, label). Headlines, not pairs, are split: a headline and all of its
    entities land in one split, chosen by sha256 of the normalised lower-case title (salt "tickertape-sentfin"),
    --val to val, --test to test_sentfin, the rest to train. No title is in two splits.
  * FiQA 2018 posts with their target (one row per target): score >= 0.15 positive, <= -0.15 negative,
    |score| <= 0.05 neutral, the band between dropped (the same dead zone as the article-level rows).
    They replace prepare_data.py's article-level FiQA rows (same sentences, now with the target).
PhraseBank and twitter rows have no target: the model still scores whole texts.

Writes WORK_DIR/data.jsonl ({"id","text","target"|null,"label","split","source"}), WORK_DIR/corpus.txt,
WORK_DIR/data_files.json, and WORK_DIR/eval/*.tsv, with eval/sentfin_test.tsv as text<TAB>entity<TAB>label
(the format `tickertape evaluate` reads for entity files).
"""
import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys

from prepare_data import SEED, norm, sha256, stratified_take

HERE = os.path.dirname(os.path.abspath(__file__))


def title_bucket(title):
    h = hashlib.sha256(("tickertape-sentfin|" + " ".join(title.lower().split())).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") / 2 ** 64


def read_sentfin(path):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(r)
        assert header == ["id", "title", "entity", "label"], header
        for row in r:
            if len(row) != 4:
                raise SystemExit(f"{path}: expected 4 tab-separated columns, got {len(row)}: {row[:2]}")
            yield norm(row[1]), norm(row[2]), row[3].strip().lower()


def read_fiqa_targets(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for _, post in sorted(data.items()):
        for info in post["info"]:
            s = float(info["sentiment_score"])
            if s >= 0.15:
                lab = "positive"
            elif s <= -0.15:
                lab = "negative"
            elif abs(s) <= 0.05:
                lab = "neutral"
            else:
                continue
            yield norm(post["sentence"]), norm(info["target"]), lab


CONNECTORS = ("; ", " as ", ", while ", " but ", " - ")


def join_clauses(train, n, rng):
    """n headlines "A<connector>B" from two single-entity SEntFiN train headlines with different labels, each
    entity named in its own headline only, as (text, entity, label) pairs: two per joined headline. Why: written
    probes showed the company of a second clause taking the first clause's tone ("Walmart beats estimates as Kroger
    warns ..."), and SEntFiN has few such headlines to learn from."""
    by_title = {}
    for title, entity, label in train:
        by_title.setdefault(title, []).append((entity, label))
    single = [(t, es[0][0], es[0][1]) for t, es in sorted(by_title.items())
              if len(es) == 1 and es[0][0].lower() in t.lower()]
    out, seen, tries = [], set(), 0
    while len(out) < 2 * n and tries < 50 * n:
        tries += 1
        (ta, ea, la), (tb, eb, lb) = rng.sample(single, 2)
        if la == lb or ea.lower() in tb.lower() or eb.lower() in ta.lower() or (ta, tb) in seen:
            continue
        seen.add((ta, tb))
        text = ta.rstrip(" .") + rng.choice(CONNECTORS) + tb
        out += [(text, ea, la), (text, eb, lb)]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared")
    ap.add_argument("work")
    ap.add_argument("--val", type=float, default=0.1)
    ap.add_argument("--test", type=float, default=0.1)
    ap.add_argument("--joined", type=int, default=0,
                    help="add this many two-clause training headlines joined from single-entity SEntFiN train "
                         "headlines whose labels differ (each entity keeps its own clause's label)")
    a = ap.parse_args()
    subprocess.run([sys.executable, os.path.join(HERE, "prepare_data.py"), a.shared, a.work], check=True)

    with open(os.path.join(a.work, "data.jsonl"), encoding="utf-8") as f:
        rows = [r for r in map(json.loads, f) if r["source"] != "fiqa"]
    for r in rows:
        r["target"] = None
    held_texts = {r["text"].lower() for r in rows if r["split"] not in ("train", "val")}

    sent = os.path.join(a.shared, "sentiment")
    sentfin_path = os.path.join(sent, "sentfin", "sentfin_train_pairs.tsv")
    fiqa_path = os.path.join(sent, "fiqa2018", "task1_post_ABSA_train.json")
    seen = set()
    sentfin = {"train": [], "val": [], "test_sentfin": []}
    for title, entity, label in read_sentfin(sentfin_path):
        key = (title.lower(), entity.lower())
        if key in seen or not entity:
            continue
        seen.add(key)
        b = title_bucket(title)
        split = "val" if b < a.val else "test_sentfin" if b < a.val + a.test else "train"
        sentfin[split].append((title, entity, label))
    fiqa = [x for x in dict.fromkeys(read_fiqa_targets(fiqa_path)) if x[0].lower() not in held_texts]
    fiqa_val, fiqa_train = stratified_take(fiqa, 0.1, lambda x: x[2], random.Random(SEED))

    joined = join_clauses(sentfin["train"], a.joined, random.Random(SEED)) if a.joined else []
    added = []
    for split, items, src in (("train", sentfin["train"], "sentfin"), ("val", sentfin["val"], "sentfin"),
                              ("test_sentfin", sentfin["test_sentfin"], "sentfin"),
                              ("train", fiqa_train, "fiqa_target"), ("val", fiqa_val, "fiqa_target"),
                              ("train", joined, "sentfin_joined")):
        added += [{"text": t, "target": e, "label": l, "split": split, "source": src} for t, e, l in items]
    rows += added
    for i, r in enumerate(rows):
        r["id"] = i
    with open(os.path.join(a.work, "data.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(a.work, "eval", "sentfin_test.tsv"), "w", encoding="utf-8") as f:
        f.write("text\tentity\tlabel\n")
        for t, e, l in sentfin["test_sentfin"]:
            f.write(t.replace("\t", " ") + "\t" + e.replace("\t", " ") + "\t" + l + "\n")
    with open(os.path.join(a.work, "eval", "sentfin_val.tsv"), "w", encoding="utf-8") as f:
        f.write("text\tentity\tlabel\n")
        for t, e, l in sentfin["val"]:
            f.write(t.replace("\t", " ") + "\t" + e.replace("\t", " ") + "\t" + l + "\n")
    with open(os.path.join(a.work, "corpus.txt"), "a", encoding="utf-8") as f:  # entity names, for the vocabulary
        for r in added:
            f.write(r["text"] + "\n" + r["target"] + "\n")

    files = json.load(open(os.path.join(a.work, "data_files.json")))
    files["sentfin_train_pairs.tsv"] = sha256(sentfin_path)
    with open(os.path.join(a.work, "data_files.json"), "w") as f:
        json.dump(files, f, indent=1, sort_keys=True)
    counts = {}
    for r in rows:
        k = f"{r['split']}/{r['source']}"
        counts.setdefault(k, {}).setdefault(r["label"], 0)
        counts[k][r["label"]] += 1
    print(json.dumps(counts, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
