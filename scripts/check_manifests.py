#!/usr/bin/env python3
"""Validates every case.json in SampleCases against Indexer/case.schema.json (the deliberately
broken one in 问题文件/ must fail)."""
import json, pathlib, sys, tarfile, io
import jsonschema

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "Indexer/case.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)
manifests = [(str(p), json.loads(p.read_text())) for p in (root / "SampleCases").rglob("case.json")]
for bundle in (root / "SampleCases").rglob("*.tar.gz"):
    with tarfile.open(bundle) as tar:
        for member in tar.getmembers():
            if member.name.endswith("case.json"):
                manifests.append((f"{bundle}!/{member.name}", json.load(tar.extractfile(member))))
failed = 0
for path, manifest in manifests:
    errors = list(validator.iter_errors(manifest))
    expected_broken = "问题文件" in path
    if bool(errors) != expected_broken:
        failed += 1
        print(f"FAIL {path}: {[e.message for e in errors] or 'should have been rejected'}")
print(f"{len(manifests) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
