"""Export a HuggingFace BERT-family sequence classifier (e.g. ProsusAI/finbert) to a tickertape model directory.

usage (on a machine with `transformers` and the model files; not available on the build machines):
    python3 export_hf_torchscript.py SRC OUT_DIR
      SRC: a local directory with config.json, pytorch_model.bin / model.safetensors and the tokenizer files,
           or a hub id such as ProsusAI/finbert where a hub is reachable.

Writes OUT_DIR/model.pt (TorchScript trace, inputs input_ids, attention_mask, token_type_ids, output (logits,)),
OUT_DIR/tokenizer.json (fast tokenizer) and OUT_DIR/config.json (kept as is: its id2label gives the label order,
which the Java loader reads; for ProsusAI/finbert it is 0=positive, 1=negative, 2=neutral). No model.json is
written, so the loader takes labels from config.json.
"""
import os
import sys

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(src, use_fast=True)
    model = AutoModelForSequenceClassification.from_pretrained(src, torchscript=True).eval()
    enc = tok(["Operating profit rose to EUR 13.1 mn", "Sales fell"], return_tensors="pt", padding=True)
    with torch.no_grad():
        traced = torch.jit.trace(model, (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]))
        ref = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[0]
        got = traced(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[0]
    assert (ref - got).abs().max().item() < 1e-4
    traced.save(os.path.join(out, "model.pt"))
    tok.backend_tokenizer.save(os.path.join(out, "tokenizer.json"))
    model.config.to_json_file(os.path.join(out, "config.json"))
    print("wrote", out, "labels:", model.config.id2label)


if __name__ == "__main__":
    main()
