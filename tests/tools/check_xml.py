"""Validates an XML document against an XSD with libxml2 (lxml): independent of the server's code.

usage: check_xml.py SCHEMA.xsd < document.xml ; exit 0 when valid, else the errors on stderr.
"""
import sys

from lxml import etree


def main() -> int:
    schema = etree.XMLSchema(etree.parse(sys.argv[1]))
    document = etree.parse(sys.stdin.buffer)
    if schema.validate(document):
        return 0
    for error in list(schema.error_log)[:10]:
        print(f"line {error.line}: {error.message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
