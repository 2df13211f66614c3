#!/usr/bin/env python3
"""Generates a large, deterministic OpenAPI 3.0 document for the function discovery tests (standard library only).

Usage: make_openapi.py COUNT OUT

Writes to OUT (`-` for standard output) a JSON OpenAPI 3.0.3 document with COUNT operations: ceil(COUNT / 4)
paths `/resources{NNNNN}/{id}`, each with GET, POST, PUT and DELETE (the last path has fewer when COUNT is not
a multiple of 4). Every operation has an operationId `{method}Resource{NNNNN}`, the path parameter `id`, two
query parameters (`page`, `filter`), a header parameter `X-Trace-Id`, and a JSON request body that refers to
one of 20 component schemas (`Model00` ... `Model19`). Each schema has 6 properties; two of them refer to other
schemas (one directly, one as the items of an array), so resolving a body walks a chain of references.

The same COUNT always gives byte-for-byte the same document. spec_server.py imports `openapi_document` and
`openapi_bytes` from this file to answer `/generated/openapi-ops?count=N`.
"""

import json
import sys

SCHEMA_COUNT = 20
METHODS = ("get", "post", "put", "delete")


def _schema(index):
    """The component schema `Model{index}`: four scalar properties and two references to other models."""
    return {
        "type": "object",
        "required": ["id", "label"],
        "properties": {
            "id": {"type": "integer", "format": "int64"},
            "label": {"type": "string"},
            "score": {"type": "number", "format": "double", "default": index},
            "active": {"type": "boolean"},
            "parent": {"$ref": f"#/components/schemas/Model{(index + 1) % SCHEMA_COUNT:02d}"},
            "children": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/Model{(index * 7 + 3) % SCHEMA_COUNT:02d}"},
            },
        },
    }


def _operation(path_index, method):
    number = path_index * len(METHODS) + METHODS.index(method)
    return {
        "operationId": f"{method}Resource{path_index:05d}",
        "summary": f"Operation {number} of the generated document.",
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "format": "int32"}},
            {"name": "filter", "in": "query", "required": False, "schema": {"type": "string"}},
            {"name": "X-Trace-Id", "in": "header", "required": False, "schema": {"type": "string"}},
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/Model{number % SCHEMA_COUNT:02d}"}
                }
            },
        },
        "responses": {"200": {"description": "Done."}},
    }


def openapi_document(count):
    """The generated document with `count` operations, as a dictionary."""
    if count < 0:
        raise ValueError("the operation count must not be negative")
    paths = {}
    for path_index in range((count + len(METHODS) - 1) // len(METHODS)):
        methods = METHODS[: min(len(METHODS), count - path_index * len(METHODS))]
        paths[f"/resources{path_index:05d}/{{id}}"] = {method: _operation(path_index, method) for method in methods}
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Generated document with {count} operations", "version": "1.0.0"},
        "servers": [{"url": "http://generated.local/base"}],
        "paths": paths,
        "components": {"schemas": {f"Model{index:02d}": _schema(index) for index in range(SCHEMA_COUNT)}},
    }


def openapi_bytes(count):
    """The generated document as compact UTF-8 JSON (keys in insertion order, so the output is stable)."""
    return json.dumps(openapi_document(count), separators=(",", ":")).encode()


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    body = openapi_bytes(int(sys.argv[1]))
    if sys.argv[2] == "-":
        sys.stdout.buffer.write(body)
    else:
        with open(sys.argv[2], "wb") as out:
            out.write(body)


if __name__ == "__main__":
    main()
