#!/usr/bin/python3
"""Writes COUNT Kubernetes objects for the plan benchmark: a Namespace and
ConfigMaps carrying the labels qareports adds, so that the file means the same
to qareports and to kubectl. Every CHANGE-th object's data differs with SALT.
FORM: yaml (documents) or json (a stream of objects, as kubectl reads it).
NAMESPACE (default bench) holds them."""
import json
import sys

count, change, salt, form = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
namespace = sys.argv[5] if len(sys.argv) > 5 else "bench"
# kubectl reads a stream of JSON objects; YAML needs "---" between documents.
separator = "---\n" if form == "yaml" else ""
labels = {"app.kubernetes.io/name": "bench", "app.kubernetes.io/part-of": "qareports",
          "app.kubernetes.io/managed-by": "qareports", "qareports.linaro.org/environment": "bench"}
print(json.dumps({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace, "labels": labels}}))
for i in range(1, count):
    value = "value %d" % i + (salt if change and i % change == 0 else "")
    print(separator + json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                      "metadata": {"name": "config-%04d" % i, "namespace": namespace, "labels": labels},
                      "data": {"key": value, "other": "x" * 64}}))
