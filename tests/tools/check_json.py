"""Validates JSON independently of the server's own code.

usage: check_json.py SCHEMA.json < document.json
       Validates the document against a JSON Schema (its own draft, every format checked, e.g. the frab
       schedule against voc/schedule's schema.json). Prints "0 errors" or the errors on stderr.
usage: check_json.py < request.json
       stdin: {"doc": <openapi document>, "schema": <schema object from it>, "instance": <JSON to check>},
       {"doc": <openapi document>, "checks": [{"label", "schema", "instance"}, …]} to check many at once,
       or {"doc": <openapi document>} to validate the document itself (openapi-spec-validator).
Exit 0 when valid; otherwise the problems on stderr and exit 1.
"""
import json
import sys

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for
from openapi_spec_validator import validate


def against_schema(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    document = json.load(sys.stdin)
    # Every format the validator knows (date-time, uri, uuid, …), not only those of the schema's draft.
    cls = validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema, format_checker=FormatChecker()).iter_errors(document), key=lambda e: list(e.path))
    for e in errors[:20]:
        print(f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}", file=sys.stderr)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


def problems(doc, schema, instance):
    # Refs such as "#/components/schemas/Conference" resolve against the schema's root, so the
    # document's components travel with it.
    schema = dict(schema)
    schema["components"] = doc.get("components", {})
    errors = sorted(Draft202012Validator(schema).iter_errors(instance), key=lambda e: list(e.path))
    return [f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}" for e in errors[:5]]


def main() -> int:
    if len(sys.argv) > 1:
        return against_schema(sys.argv[1])
    data = json.load(sys.stdin)
    doc = data["doc"]
    if "checks" in data:
        failed = 0
        for check in data["checks"]:
            found = problems(doc, check["schema"], check["instance"])
            if found:
                failed += 1
                print(f"{check['label']}:", file=sys.stderr)
                for p in found:
                    print(f"  {p}", file=sys.stderr)
        print(f"{len(data['checks']) - failed} of {len(data['checks'])} answers conform")
        return 1 if failed else 0
    if "schema" not in data:
        try:
            validate(doc)
        except Exception as e:  # the validator's own exception types vary by problem
            print(f"{type(e).__name__}: {e}", file=sys.stderr)
            return 1
        return 0
    found = problems(doc, data["schema"], data["instance"])
    for p in found:
        print(p, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
