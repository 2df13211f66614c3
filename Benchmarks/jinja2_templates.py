#!/usr/bin/env python3
"""Renders the TransformBenchmarks templates with Jinja2, the Python engine closest to Inja, for comparison.

Prints one line per template: name, median nanoseconds per render over several rounds. The templates and data
are the ones Benchmarks/Benchmarks/TransformBenchmarks/TemplateBenchmarks.swift renders (Jinja2 spells a few
things its own way: `length(items)` is `items|length`, and `header("x-foo")` is a call of a Python function).
"""
import json
import statistics
import time

import jinja2

DATA = {"user": {"name": "ada", "id": 7}, "items": list(range(10)), "active": True, "note": "hello"}


def header(name):
    return {"x-foo": "bar-value"}.get(name, "")


TEMPLATES = {
    "TemplateHeader": ('{{ header("x-foo") }}', {"header": header}),
    "TemplateBody4": ('{"name": "{{ user.name }}", "id": {{ user.id }}, "count": {{ items|length }}, "active": {{ active|tojson }}}', {}),
    "TemplateLoop10": ("{% for x in items %}{{ x }},{% endfor %}", {}),
    "TemplateIfElse": ('{% if user.name == "ada" %}/admin/{{ user.id }}{% else %}/users/{{ user.id }}{% endif %}', {}),
}


def measure(template, context, rounds=7, per_round=20000):
    results = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for _ in range(per_round):
            template.render(context)
        results.append((time.perf_counter_ns() - start) / per_round)
    return statistics.median(results)


def main():
    environment = jinja2.Environment()
    for name, (source, extra) in TEMPLATES.items():
        template = environment.from_string(source)
        context = dict(DATA, **extra)
        print(f"{name}/Jinja2 {measure(template, context):.0f} ns")
    print(json.dumps({"jinja2": jinja2.__version__}))


if __name__ == "__main__":
    main()
