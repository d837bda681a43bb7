"""Build the training / validation / evaluation splits and the vocabulary corpus.

usage: prepare_data.py SHARED_DATA_DIR WORK_DIR

Writes into WORK_DIR:
  data.jsonl     one object per text: {"id", "text", "label", "split", "source"}
                 split in train | val | test_pb_allagree | test_twitter_valid | test_headlines
  corpus.txt     one text per line (all sentiment data + news headlines/summaries/titles), for vocabulary pruning
  eval/*.tsv     evaluation sets as `text<TAB>label` (the format `tickertape evaluate` reads)
  data_files.json  sha256 of every input file that fed training

Choices (see README):
  * PhraseBank: 20% of the all-agree file (stratified, seed 13) is held out as a test set and removed from
    training. Training uses the 66%-agree file (a superset of all-agree) minus those test sentences: more data
    than all-agree alone, without the noisiest 50%-agree labels.
  * Twitter financial news: all of sent_train. sent_valid is evaluation only.
  * FiQA 2018 posts: score >= 0.15 -> positive, <= -0.15 -> negative, |score| <= 0.05 -> neutral,
    the band in between is dropped as ambiguous (dead zone).
  * Validation (early stopping): 10% of the training pool, stratified by source and label, seed 13.
  * Clearly signed headlines: Benzinga titles matched by unambiguous rules (upgrade/downgrade, raises/lowers
    price target, beats/misses estimates, shares trading higher/lower, new 52-week high/low); titles matching
    both directions are dropped. Never used for training.
"""
import csv
import hashlib
import json
import os
import random
import re
import sys

LABELS = ["positive", "negative", "neutral"]
TWITTER = {"0": "negative", "1": "positive", "2": "neutral"}
SEED = 13


def norm(t):
    return " ".join(t.split())


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header[:2] == ["text", "label"], header
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            text, label = line.rsplit("\t", 1)
            yield norm(text), label.strip().lower()


def read_twitter(path):
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield norm(row["text"]), TWITTER[row["label"].strip()]


def read_fiqa(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for _, post in sorted(data.items()):
        scores = [float(i["sentiment_score"]) for i in post["info"]]
        s = sum(scores) / len(scores)
        if s >= 0.15:
            lab = "positive"
        elif s <= -0.15:
            lab = "negative"
        elif abs(s) <= 0.05:
            lab = "neutral"
        else:
            continue
        yield norm(post["sentence"]), lab


POS = re.compile(r"\b(upgrades?|upgraded|raises (its )?price target|raises pt|beats? (\$?[\d.]+ )?(eps |sales )?estimates?|"
                 r"beat \$|shares are trading higher|trading higher after|new 52-week high|hit 52-week highs)\b", re.I)
NEG = re.compile(r"\b(downgrades?|downgraded|lowers (its )?price target|lowers pt|miss(es)? (\$?[\d.]+ )?(eps |sales )?estimates?|"
                 r"misses \$|shares are trading lower|trading lower after|new 52-week low|hit 52-week lows)\b", re.I)


def read_headlines(path):
    seen = set()
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            t = norm(row["title"])
            if not t or t.lower() in seen:
                continue
            p, n = bool(POS.search(t)), bool(NEG.search(t))
            if p == n:
                continue
            seen.add(t.lower())
            yield t, "positive" if p else "negative"


def stratified_take(items, frac, key, rng):
    groups = {}
    for it in items:
        groups.setdefault(key(it), []).append(it)
    take, rest = [], []
    for k in sorted(groups):
        g = groups[k][:]
        rng.shuffle(g)
        n = round(len(g) * frac)
        take += g[:n]
        rest += g[n:]
    return take, rest


def main():
    shared, work = sys.argv[1], sys.argv[2]
    sent = os.path.join(shared, "sentiment")
    pb_dir = os.path.join(sent, "financial_phrasebank")
    tw_dir = os.path.join(sent, "twitter_financial_news")
    files = {
        "phrasebank_allagree_train.tsv": os.path.join(pb_dir, "phrasebank_allagree_train.tsv"),
        "phrasebank_66agree_minus_heldout.tsv": os.path.join(pb_dir, "phrasebank_66agree_minus_heldout.tsv"),
        "sent_train.csv": os.path.join(tw_dir, "sent_train.csv"),
        "task1_post_ABSA_train.json": os.path.join(sent, "fiqa2018", "task1_post_ABSA_train.json"),
    }
    rng = random.Random(SEED)
    os.makedirs(os.path.join(work, "eval"), exist_ok=True)

    allagree = list(dict.fromkeys(read_tsv(files["phrasebank_allagree_train.tsv"])))
    pb_test, _ = stratified_take(allagree, 0.2, lambda x: x[1], rng)
    test_texts = {t.lower() for t, _ in pb_test}
    pool = []
    seen = set(test_texts)
    for t, l in read_tsv(files["phrasebank_66agree_minus_heldout.tsv"]):
        if t.lower() not in seen:
            seen.add(t.lower())
            pool.append((t, l, "phrasebank66"))
    tw_valid = list(read_twitter(os.path.join(tw_dir, "sent_valid.csv")))
    tw_valid_texts = {t.lower() for t, _ in tw_valid}
    for t, l in read_twitter(files["sent_train.csv"]):
        if t.lower() not in seen and t.lower() not in tw_valid_texts:
            seen.add(t.lower())
            pool.append((t, l, "twitter"))
    for t, l in read_fiqa(files["task1_post_ABSA_train.json"]):
        if t.lower() not in seen and t.lower() not in tw_valid_texts:
            seen.add(t.lower())
            pool.append((t, l, "fiqa"))
    val, train = stratified_take(pool, 0.1, lambda x: (x[2], x[1]), rng)
    headlines = [h for h in read_headlines(os.path.join(shared, "news", "benzinga_analyst_ratings_processed_first10k.csv"))
                 if h[0].lower() not in seen]

    rows = []
    for split, items in (("train", train), ("val", val)):
        rows += [{"text": t, "label": l, "split": split, "source": s} for t, l, s in items]
    for split, items, src in (("test_pb_allagree", pb_test, "phrasebank_allagree"),
                              ("test_twitter_valid", tw_valid, "twitter_valid"),
                              ("test_headlines", headlines, "benzinga_rules")):
        rows += [{"text": t, "label": l, "split": split, "source": src} for t, l in items]
        with open(os.path.join(work, "eval", split[5:] + ".tsv"), "w", encoding="utf-8") as f:
            f.write("text\tlabel\n")
            for t, l in items:
                f.write(t.replace("\t", " ") + "\t" + l + "\n")
    for i, r in enumerate(rows):
        r["id"] = i
    with open(os.path.join(work, "data.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # vocabulary corpus: every sentiment text (incl. 50%-agree and fiqa ambiguous band) + news text
    corpus = set(r["text"] for r in rows)
    corpus.update(t for t, _ in read_tsv(os.path.join(pb_dir, "phrasebank_50agree_minus_heldout.tsv")))
    news = os.path.join(shared, "news")
    for name in sorted(os.listdir(news)):
        if not name.endswith(".csv") or "manifest" in name:
            continue
        with open(os.path.join(news, name), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for col in ("headline", "summary", "title"):
                    if row.get(col):
                        corpus.add(norm(row[col]))
    fiqa_tsv = os.path.join(sent, "fiqa2018", "fiqa_task1_posts.tsv")
    if os.path.exists(fiqa_tsv):
        with open(fiqa_tsv, encoding="utf-8") as f:
            for line in f:
                parts = line.split("\t")
                if len(parts) > 1:
                    corpus.add(norm(parts[1]))
    with open(os.path.join(work, "corpus.txt"), "w", encoding="utf-8") as f:
        for t in sorted(corpus):
            if t:
                f.write(t + "\n")

    with open(os.path.join(work, "data_files.json"), "w") as f:
        json.dump({k: sha256(v) for k, v in files.items()}, f, indent=1, sort_keys=True)
    counts = {}
    for r in rows:
        counts.setdefault(r["split"], {}).setdefault(r["label"], 0)
        counts[r["split"]][r["label"]] += 1
    print(json.dumps(counts, indent=1, sort_keys=True))
    print(f"corpus texts: {len(corpus)}")


if __name__ == "__main__":
    main()
