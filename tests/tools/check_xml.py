"""Validates an XML document against an XSD with libxml2 (lxml): independent of the server's code.

usage: check_xml.py SCHEMA.xsd < document.xml ; exit 0 when valid, else the errors on stderr.
Prints "0 errors" (or the count) on stdout, as xmllint's users expect.
"""
import sys

from lxml import etree


def main() -> int:
    schema = etree.XMLSchema(etree.parse(sys.argv[1]))
    document = etree.parse(sys.stdin.buffer)
    valid = schema.validate(document)
    errors = list(schema.error_log)
    for error in errors[:20]:
        print(f"line {error.line}: {error.message}", file=sys.stderr)
    print(f"{0 if valid else len(errors)} errors")
    return 0 if valid else 1


if __name__ == "__main__":
    sys.exit(main())
