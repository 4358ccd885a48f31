# Parses every sample with the Python models quicktype generated (models.py, next to this file) and
# checks that nothing is lost: to_dict() must give back the sample, up to fields that are empty or null
# (which protobuf JSON treats as unset). Usage: python3 harness.py samples.json
import json
import sys
import traceback

import models


def normalize(value):
    if isinstance(value, dict):
        out = {k: normalize(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def where(error):
    """The chain of generated classes the failure happened in, e.g. GenerateContentResponse > Candidate."""
    chain = [frame.f_code.co_qualname.split(".")[0] for frame, _ in traceback.walk_tb(error.__traceback__)
             if frame.f_code.co_name == "from_dict" and frame.f_code.co_filename.endswith("models.py")]
    return " > ".join(chain) or "?"


def main(path):
    with open(path, encoding="utf-8") as f:
        samples = json.load(f)
    failures = []
    for sample in samples:
        model = getattr(models, sample["type"], None)
        if model is None:
            failures.append(f"{sample['id']}: no model {sample['type']}")
            continue
        try:
            back = model.from_dict(sample["value"]).to_dict()
        except Exception as error:  # quicktype's parsers fail with AssertionError, or TypeError/KeyError
            failures.append(f"{sample['id']}: {sample['type']} did not parse, in {where(error)}: {type(error).__name__} {error}")
            continue
        if normalize(back) != normalize(sample["value"]):
            failures.append(f"{sample['id']}: {sample['type']} lost or changed data: "
                            f"{json.dumps(normalize(sample['value']))[:300]} -> {json.dumps(normalize(back))[:300]}")
    for failure in failures:
        print(failure)
    print(f"python: {len(samples) - len(failures)}/{len(samples)} samples parsed without loss")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
