"""The OpenAPI 3 description of the API (schema/) and a browsable page (docs/).

The description is written by hand in openapi.yaml, next to this file, so it
says what the endpoints promise, errors included; a test checks that every
route of the API is described."""

from functools import cache
from pathlib import Path

from django.views.generic import TemplateView

import yaml
from rest_framework.response import Response
from rest_framework.views import APIView

SPEC_PATH = Path(__file__).with_name("openapi.yaml")
# Apps that add API routes describe them next to their code, in a fragment
# with the same layout (paths, components, tags); load_spec merges them.
ROOT = Path(__file__).resolve().parents[2]
FRAGMENTS = [
    "cms/notifications/openapi.yaml",
    "workspaces/openapi.yaml",
    "workspaces/documents/openapi.yaml",
    "workspaces/calendar/openapi.yaml",
    "workspaces/discussions/openapi.yaml",
    "workspaces/glossary/openapi.yaml",
]
METHODS = ("get", "post", "put", "patch", "delete")


def _read(path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def merge_fragment(spec, fragment, name):
    """Add a fragment's paths, components and tags to ``spec``; a path or
    component defined twice is a programming error and says where."""
    for route, operations in (fragment.get("paths") or {}).items():
        if route in spec["paths"]:
            raise ValueError(f"{name}: path {route} is already described")
        spec["paths"][route] = operations
    for section, entries in (fragment.get("components") or {}).items():
        target = spec.setdefault("components", {}).setdefault(section, {})
        for entry, value in entries.items():
            if entry in target:
                raise ValueError(f"{name}: components/{section}/{entry} is already defined")
            target[entry] = value
    known = {tag["name"] for tag in spec.get("tags", [])}
    for tag in fragment.get("tags") or []:
        if tag["name"] not in known:
            spec.setdefault("tags", []).append(tag)


@cache
def load_spec():
    """The parsed OpenAPI description, fragments of the apps included."""
    spec = _read(SPEC_PATH)
    for name in FRAGMENTS:
        path = ROOT / name
        if path.exists():
            merge_fragment(spec, _read(path), name)
    return spec


def resolve(spec, node):
    """Follow a local ``$ref`` (``#/components/...``) to the object it names."""
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


class SchemaView(APIView):
    """The OpenAPI 3 description as JSON."""

    def get(self, request):
        return Response(load_spec())


class DocsView(TemplateView):
    """A readable page of the API: every endpoint, its parameters and errors."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        spec = load_spec()
        endpoints = []
        for route, operations in spec["paths"].items():
            for method in METHODS:
                if method in operations:
                    operation = operations[method]
                    endpoints.append(
                        {
                            "method": method.upper(),
                            "path": route,
                            "summary": operation.get("summary", ""),
                            "description": operation.get("description", ""),
                            "parameters": [
                                resolve(spec, p) for p in operation.get("parameters", [])
                            ],
                            "responses": [
                                (code, resolve(spec, response))
                                for code, response in sorted(operation["responses"].items())
                            ],
                        }
                    )
        context.update(spec=spec, endpoints=endpoints)
        return context
