"""The official Kubernetes Python client (Debian's python3-kubernetes)
against the emulator: a second real client besides kubectl. Each check
prints "ok <name>"; any failure raises, printing what was seen.

Usage: python_client_check.py KUBECONFIG NAMESPACE
"""
import json
import sys
import threading
import time

from kubernetes import client, config, watch
from kubernetes.dynamic import DynamicClient


def check(name, condition, seen=""):
    if not condition:
        raise SystemExit(f"FAILED {name}: {seen}")
    print(f"ok {name}", flush=True)


def main():
    kubeconfig, ns = sys.argv[1], sys.argv[2]
    api_client = config.new_client_from_config(config_file=kubeconfig)
    core = client.CoreV1Api(api_client)
    apps = client.AppsV1Api(api_client)

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))

    # Watch: the events of changes made while watching, from a list's resourceVersion.
    listed = core.list_namespaced_config_map(ns)
    seen = []
    def watch_configmaps():
        w = watch.Watch()
        for event in w.stream(core.list_namespaced_config_map, ns,
                              resource_version=listed.metadata.resource_version, timeout_seconds=10):
            seen.append((event["type"], event["object"].metadata.name))
            if len(seen) == 3:
                w.stop()
    watcher = threading.Thread(target=watch_configmaps)
    watcher.start()
    time.sleep(0.5)
    core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="w"), data={"a": "1"}))
    core.patch_namespaced_config_map("w", ns, {"data": {"a": "2"}})
    core.delete_namespaced_config_map("w", ns)
    watcher.join(15)
    check("watch", seen == [("ADDED", "w"), ("MODIFIED", "w"), ("DELETED", "w")], seen)

    # Server-side apply through the dynamic client, then a conflict and its force.
    dyn = DynamicClient(api_client)
    deployments = dyn.resources.get(api_version="apps/v1", kind="Deployment")
    manifest = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": ns},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "web", "image": "squadproject/squad:1.89"}]}}},
    }
    # This client sends an apply body only when given it serialized.
    applied = deployments.server_side_apply(body=json.dumps(manifest), name="web", namespace=ns,
                                            field_manager="python-deployer")
    managers = [m.manager for m in applied.metadata.managedFields]
    check("server-side apply", applied.spec.replicas == 1 and "python-deployer" in managers, managers)
    other = {**manifest, "spec": {**manifest["spec"], "replicas": 2}}
    try:
        deployments.server_side_apply(body=json.dumps(other), name="web", namespace=ns,
                                      field_manager="someone-else")
        check("apply conflict", False, "no 409")
    except Exception as e:  # kubernetes.dynamic.exceptions.ConflictError
        check("apply conflict", getattr(e, "status", None) == 409 and ".spec.replicas" in str(e.body), e)
    forced = deployments.server_side_apply(body=json.dumps(other), name="web", namespace=ns,
                                           field_manager="someone-else", force_conflicts=True)
    check("apply force", forced.spec.replicas == 2, forced.spec.replicas)

    # The scale subresource.
    scale = apps.read_namespaced_deployment_scale("web", ns)
    check("read scale", scale.spec.replicas == 2 and scale.status.selector == "app=web", scale)
    apps.patch_namespaced_deployment_scale("web", ns, {"spec": {"replicas": 3}})
    deadline = time.time() + 30
    while time.time() < deadline:
        d = apps.read_namespaced_deployment("web", ns)
        if (d.status.ready_replicas or 0) == 3:
            break
        time.sleep(0.2)
    check("patch scale", d.spec.replicas == 3 and d.status.ready_replicas == 3, d.status)

    # Logs, followed: the stream ends when the pod is deleted.
    pod = core.list_namespaced_pod(ns, label_selector="app=web").items[0]
    stream = core.read_namespaced_pod_log(pod.metadata.name, ns, follow=True, _preload_content=False)
    first = stream.readline() if hasattr(stream, "readline") else stream.read(64)
    check("logs follow", b"emulated container web started" in first, first)
    core.delete_namespaced_pod(pod.metadata.name, ns)
    rest = stream.read()
    check("logs follow ends with the pod", rest is not None, rest)


if __name__ == "__main__":
    main()
