#!/usr/bin/env python3
"""Loads protocol/openrpc.json for a structural edit and writes it back in its canonical form
(2-space indent, UTF-8), the form the file is kept in. Use: from an editing script,
    doc = load(); ...; save(doc)
then run scripts/embed-openrpc."""
import json, os

PATH = os.path.join(os.path.dirname(__file__), "..", "protocol", "openrpc.json")

def load():
    with open(PATH, encoding="utf-8") as f:
        return json.load(f)

def save(doc):
    with open(PATH, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

def method(doc, name):
    return next(m for m in doc["methods"] if m["name"] == name)
