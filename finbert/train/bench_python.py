"""Throughput of the same TorchScript model in Debian's python3-torch, for the ratio in docs/BENCHMARKS.md.

usage: bench_python.py MODEL_DIR IDS_JSONL [--seconds 5]

IDS_JSONL: the benchmark headlines as token ids, written by `LoadAndRss 2 FILE` (same tokenizer as the JVM run).
Scores the headlines in batches of 1, 8 and 32 with 1 and 2 threads, padding each batch to its longest text,
and prints sentences/s. Note: Debian's torch 1.13 has no fbgemm, so int8 kernels run on qnnpack here
(libtorch 2.7.1 in DJL uses fbgemm/x86).
"""
import argparse
import json
import os
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("ids")
    ap.add_argument("--seconds", type=float, default=5.0)
    a = ap.parse_args()
    if "fbgemm" not in torch.backends.quantized.supported_engines:
        torch.backends.quantized.engine = "qnnpack"
    model = torch.jit.load(os.path.join(a.model_dir, "model.pt")).eval()
    seqs = [json.loads(l)["ids"] for l in open(a.ids) if l.strip()]
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for bs in (1, 8, 32):
            batches = []
            for i in range(0, len(seqs), bs):
                part = seqs[i: i + bs]
                n = max(len(s) for s in part)
                ids = torch.zeros(len(part), n, dtype=torch.long)
                mask = torch.zeros_like(ids)
                for r, s in enumerate(part):
                    ids[r, : len(s)] = torch.tensor(s)
                    mask[r, : len(s)] = 1
                batches.append((ids, mask, torch.zeros_like(ids)))
            with torch.no_grad():
                for b in batches:
                    model(*b)  # warm-up
                done, t0 = 0, time.time()
                while time.time() - t0 < a.seconds:
                    for b in batches:
                        torch.softmax(model(*b), -1)
                        done += b[0].shape[0]
                dt = time.time() - t0
            print(f"python torch {torch.__version__} threads={threads} batch={bs}: {done / dt:.0f} sentences/s", flush=True)


if __name__ == "__main__":
    main()
