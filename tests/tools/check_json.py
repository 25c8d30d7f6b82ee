"""Validates JSON against an OpenAPI 3.1 document, independently of the server's own code.

stdin: {"doc": <openapi document>, "schema": <schema object from it>, "instance": <JSON to check>}
       or {"doc": <openapi document>} to validate the document itself.
Exit 0 when valid; otherwise the problem on stderr and exit 1.
"""
import json
import sys

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate


def main() -> int:
    data = json.load(sys.stdin)
    doc = data["doc"]
    if "schema" not in data:
        try:
            validate(doc)
        except Exception as e:  # the validator's own exception types vary by problem
            print(f"{type(e).__name__}: {e}", file=sys.stderr)
            return 1
        return 0
    # Refs such as "#/components/schemas/Conference" resolve against the schema's root, so the
    # document's components travel with it.
    schema = dict(data["schema"])
    schema["components"] = doc.get("components", {})
    errors = sorted(Draft202012Validator(schema).iter_errors(data["instance"]), key=lambda e: list(e.path))
    if errors:
        for e in errors[:5]:
            print(f"{'/'.join(map(str, e.path)) or '<root>'}: {e.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
