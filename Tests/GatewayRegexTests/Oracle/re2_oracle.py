#!/usr/bin/env python3
"""RE2 oracle for the GatewayRegex differential tests.

Reads one JSON document on stdin: a list of cases

    {"pattern": <base64 UTF-8 bytes>, "caseInsensitive": bool,
     "dotMatchesNewline": bool, "inputs": [<base64 bytes>, ...]}

and writes one JSON document on stdout with one entry per case, either

    {"error": "<RE2 error text>"}

or

    {"programSize": n, "groups": n, "names": {name: index},
     "results": [{"full": spans or null, "search": spans or null,
                  "all": [[s, e], ...]}, ...]}

where `spans` lists [start, end] (or null for a group that did not
participate) for every group including group 0. Offsets are byte offsets.
"all" lists the group 0 spans of every match in the order RE2::GlobalReplace
visits them (an empty match right where the previous match ended is skipped
and the scan moves on by one UTF-8 character).

Exit status 3 means the `re2` module (pip package google-re2) is missing.
"""

import base64
import json
import sys

try:
    import re2
except ImportError:  # pragma: no cover - depends on the environment
    sys.stderr.write(
        "re2_oracle: the Python module 're2' is missing; "
        "install it with `pip install google-re2` (Scripts/test does this)\n")
    sys.exit(3)

UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED
ANCHOR_BOTH = re2._re2.RE2.Anchor.ANCHOR_BOTH
NO_SPAN = (-1, -1)


def spans_json(spans):
    """Converts RE2's span list to JSON form, or None when there is no match."""
    if spans[0] == NO_SPAN:
        return None
    return [None if span == NO_SPAN else [span[0], span[1]] for span in spans]


def rune_length(text, pos):
    """Bytes RE2::GlobalReplace skips at `pos` after a rejected empty match.

    Mirrors RE2's fullrune()/chartorune() (util/rune.cc): a complete, well
    formed sequence of up to 4 bytes (surrogates included, values above
    U+10FFFF excluded) is skipped whole; anything else advances one byte.
    """
    lead = text[pos]
    if lead < 0x80:
        return 1
    avail = min(4, len(text) - pos)
    # fullrune(): is the sequence complete?
    if avail < 2 or (lead >= 0xE0 and avail < 3) or (lead >= 0xF0 and avail < 4):
        return 1
    # chartorune()
    c1 = text[pos + 1] ^ 0x80
    if c1 & 0xC0:
        return 1
    if lead < 0xE0:
        if lead < 0xC0:
            return 1
        value = ((lead << 6) | c1) & 0x7FF
        return 2 if value > 0x7F else 1
    c2 = text[pos + 2] ^ 0x80
    if c2 & 0xC0:
        return 1
    if lead < 0xF0:
        value = ((((lead << 6) | c1) << 6) | c2) & 0xFFFF
        return 3 if value > 0x7FF else 1
    c3 = text[pos + 3] ^ 0x80
    if c3 & 0xC0:
        return 1
    if lead < 0xF8:
        value = ((((((lead << 6) | c1) << 6) | c2) << 6) | c3) & 0x1FFFFF
        return 4 if 0xFFFF < value <= 0x10FFFF else 1
    return 1


def global_matches(regexp, text):
    """Group 0 spans of the matches RE2::GlobalReplace would rewrite."""
    out = []
    end = len(text)
    pos = 0
    last_end = -1
    while pos <= end:
        span = regexp.Match(UNANCHORED, text, pos, end)[0]
        if span == NO_SPAN:
            break
        start, stop = span
        if start == last_end and start == stop:
            # Empty match where the previous one ended: skip one character.
            pos += rune_length(text, pos) if pos < end else 1
            continue
        out.append([start, stop])
        pos = stop
        last_end = stop
    return out


def run_case(case):
    pattern = base64.b64decode(case["pattern"])
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not case.get("caseInsensitive", False)
    options.dot_nl = bool(case.get("dotMatchesNewline", False))
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as exc:
        message = exc.args[0] if exc.args else b""
        if isinstance(message, bytes):
            message = message.decode("utf-8", "backslashreplace")
        return {"error": str(message)}
    regexp = compiled._regexp
    names = {}
    for name, index in regexp.NamedCapturingGroups():
        if isinstance(name, bytes):
            name = name.decode("utf-8", "backslashreplace")
        names[name] = index
    results = []
    for encoded in case.get("inputs", []):
        text = base64.b64decode(encoded)
        end = len(text)
        results.append({
            "full": spans_json(regexp.Match(ANCHOR_BOTH, text, 0, end)),
            "search": spans_json(regexp.Match(UNANCHORED, text, 0, end)),
            "all": global_matches(regexp, text),
        })
    return {
        "programSize": regexp.ProgramSize(),
        "groups": regexp.NumberOfCapturingGroups(),
        "names": names,
        "results": results,
    }


def main():
    cases = json.load(sys.stdin)
    answers = []
    for case in cases:
        try:
            answers.append(run_case(case))
        except Exception as exc:  # report it with the case, keep going
            answers.append({"oracleFailure": "%s: %s" % (type(exc).__name__, exc)})
    json.dump(answers, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
