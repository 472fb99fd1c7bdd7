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
METHODS = ("get", "post", "put", "patch", "delete")


@cache
def load_spec():
    """The parsed OpenAPI description."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


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
