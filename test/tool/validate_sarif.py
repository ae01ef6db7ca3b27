#!/usr/bin/env python3
"""Validates SARIF logs against the official SARIF 2.1.0 JSON schema.

usage: validate_sarif.py SCHEMA LOG...
Prints one line per problem and exits 1 if any log is invalid.
"""
import json
import sys

import jsonschema


def main():
    schema_path, logs = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    failed = False
    for path in logs:
        with open(path, encoding="utf-8") as f:
            log = json.load(f)
        for error in sorted(validator.iter_errors(log), key=str):
            failed = True
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"{path}: {where}: {error.message}")
    if not failed:
        print(f"{len(logs)} SARIF log(s) valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
