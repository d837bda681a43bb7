"""Initialise the 6-layer student from the fine-tuned 12-layer teacher: every other encoder layer (0, 2, ..., 10),
the embeddings and the classifier head, as DistilBERT initialises its student. Same hidden size, heads and
vocabulary, so the student keeps the MiniLM shape (and speed) the stream app is sized for.

usage: student_init.py WORK_DIR [--teacher teacher.pt] [--out student_init.pt]
"""
import argparse
import os

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--teacher", default="teacher.pt")
    ap.add_argument("--out", default="student_init.pt")
    a = ap.parse_args()
    teacher = torch.load(os.path.join(a.work, a.teacher))
    keep = [0, 2, 4, 6, 8, 10]
    out = {}
    for k, v in teacher.items():
        if ".layer." in k:
            prefix, rest = k.split(".layer.", 1)
            idx, tail = rest.split(".", 1)
            if int(idx) in keep:
                out[f"{prefix}.layer.{keep.index(int(idx))}.{tail}"] = v
        else:
            out[k] = v
    torch.save(out, os.path.join(a.work, a.out))
    print(f"{len(teacher)} teacher tensors -> {len(out)} student tensors (layers {keep})")


if __name__ == "__main__":
    main()
