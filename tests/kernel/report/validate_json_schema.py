#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema (any draft jsonschema knows).

Usage: validate_json_schema.py [--closed] [--ref FILE]... SCHEMA DOCUMENT
--closed treats every object schema that lists properties as closed (no other properties), to
prove that everything a document holds is described by the schema.
--ref FILE makes a schema the main one refers to available offline: it is registered under
its own $id and under its file name resolved against the main schema's $id, so nothing is
fetched from the network.
Exit 0 when valid, 1 when invalid (one line per error, with its JSON path), 2 when a file
cannot be read or parsed or the schema itself is not a valid schema.
"""
import json
import os
import sys
import urllib.parse

import jsonschema


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        sys.exit(2)


def close_objects(node):
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            close_objects(value)
    elif isinstance(node, list):
        for value in node:
            close_objects(value)


def main():
    args = sys.argv[1:]
    closed = False
    refs = []
    while args and args[0].startswith("--"):
        if args[0] == "--closed":
            closed = True
            args = args[1:]
        elif args[0] == "--ref" and len(args) > 1:
            refs.append(args[1])
            args = args[2:]
        else:
            break
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    schema_path, document_path = args
    schema, document = load(schema_path), load(document_path)
    if closed:
        close_objects(schema)
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f"{schema_path}: not a valid schema: {e.message}", file=sys.stderr)
        return 2
    if refs:
        base = cls.ID_OF(schema) or ""
        store = {}
        for path in refs:
            referenced = load(path)
            own_id = cls.ID_OF(referenced) if isinstance(referenced, dict) else None
            if own_id:
                store[own_id] = referenced
            store[urllib.parse.urljoin(base, os.path.basename(path))] = referenced
        resolver = jsonschema.RefResolver.from_schema(schema, store=store, id_of=cls.ID_OF)
        validator = cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
    else:
        validator = cls(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for e in errors:
        path = "/".join(str(p) for p in e.absolute_path)
        print(f"{document_path}: /{path}: {e.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
