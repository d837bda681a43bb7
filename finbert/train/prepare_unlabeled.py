"""Build the unlabeled in-domain pool that the distillation teacher labels (soft labels only).

usage: prepare_unlabeled.py SHARED_DATA_DIR WORK_DIR [--reuters 6000] [--benzinga 0] [--seed 13]

Reads WORK_DIR/data.jsonl (prepare_data.py) and writes WORK_DIR/unlabeled.jsonl, one object per text:
{"id", "text", "source"} with ids from 1,000,000 up (data.jsonl ids stay below). Sources:
  * phrasebank50    PhraseBank 50%-agree sentences (phrasebank_50agree_minus_heldout.tsv)
  * fiqa_deadzone   FiQA posts whose mean score falls in the band prepare_data.py drops (0.05 < |s| < 0.15)
  * reuters         a seeded sample of Reuters company-news rows (news/reuters_company_news_*.csv): for each
                    sampled row its headline and "headline. summary"
  * benzinga        Benzinga titles (news/benzinga_analyst_ratings_processed_first10k.csv), all or a sample

Honesty: every text whose normalised lowercase form equals a text of split val or of any test split
(test_pb_allagree, test_twitter_valid, test_headlines) is excluded, as is every text already in split train (those
get teacher logits as labeled data) and duplicates within the pool. The counts are printed and written to
WORK_DIR/unlabeled_counts.json.
"""
import argparse
import csv
import json
import os
import random

from prepare_data import norm, read_tsv, sha256

FIRST_ID = 1_000_000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared")
    ap.add_argument("work")
    ap.add_argument("--reuters", type=int, default=6000, help="Reuters rows sampled (each gives 2 texts)")
    ap.add_argument("--benzinga", type=int, default=0, help="Benzinga titles sampled (0 = all)")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    sent = os.path.join(a.shared, "sentiment")
    news = os.path.join(a.shared, "news")

    excluded, train = set(), set()
    with open(os.path.join(a.work, "data.jsonl"), encoding="utf-8") as f:
        for r in map(json.loads, f):
            (train if r["split"] == "train" else excluded).add(norm(r["text"]).lower())
    assert excluded and train
    seen = set(train)
    rows, dropped = [], {"eval_overlap": 0, "in_train_or_duplicate": 0}
    used_files = [os.path.join(sent, "financial_phrasebank", "phrasebank_50agree_minus_heldout.tsv"),
                  os.path.join(sent, "fiqa2018", "task1_post_ABSA_train.json"),
                  os.path.join(news, "benzinga_analyst_ratings_processed_first10k.csv")]

    def add(text, source):
        t = norm(text)
        k = t.lower()
        if not t:
            return
        if k in excluded:
            dropped["eval_overlap"] += 1
            return
        if k in seen:
            dropped["in_train_or_duplicate"] += 1
            return
        seen.add(k)
        rows.append({"text": t, "source": source})

    for t, _ in read_tsv(os.path.join(sent, "financial_phrasebank", "phrasebank_50agree_minus_heldout.tsv")):
        add(t, "phrasebank50")
    with open(os.path.join(sent, "fiqa2018", "task1_post_ABSA_train.json"), encoding="utf-8") as f:
        fiqa = json.load(f)
    for _, post in sorted(fiqa.items()):
        scores = [float(i["sentiment_score"]) for i in post["info"]]
        s = sum(scores) / len(scores)
        if 0.05 < abs(s) < 0.15:
            add(post["sentence"], "fiqa_deadzone")

    reuters = []
    for name in sorted(os.listdir(news)):
        if name.startswith("reuters_company_news_") and name.endswith(".csv"):
            used_files.append(os.path.join(news, name))
            with open(os.path.join(news, name), encoding="utf-8", newline="") as f:
                reuters += [(norm(r.get("headline") or ""), norm(r.get("summary") or "")) for r in csv.DictReader(f)]
    reuters = sorted(set(h for h in reuters if h[0]))
    rng.shuffle(reuters)
    for h, s in reuters[: a.reuters]:
        add(h, "reuters_headline")
        if s:
            add(h.rstrip(".") + ". " + s, "reuters_headline_summary")

    with open(os.path.join(news, "benzinga_analyst_ratings_processed_first10k.csv"), encoding="utf-8", newline="") as f:
        titles = [norm(r["title"]) for r in csv.DictReader(f)]
    if a.benzinga:
        rng.shuffle(titles)
        titles = titles[: a.benzinga]
    for t in titles:
        add(t, "benzinga")

    counts = {}
    with open(os.path.join(a.work, "unlabeled.jsonl"), "w", encoding="utf-8") as f:
        for i, r in enumerate(rows):
            r["id"] = FIRST_ID + i
            counts[r["source"]] = counts.get(r["source"], 0) + 1
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    out = {"total": len(rows), "by_source": counts, "dropped": dropped,
           "args": {k: v for k, v in vars(a).items() if k not in ("shared", "work")},
           "data_sha256": {os.path.basename(p): sha256(p) for p in used_files}}
    with open(os.path.join(a.work, "unlabeled_counts.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
