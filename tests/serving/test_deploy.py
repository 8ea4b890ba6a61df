"""The cluster recipe, checked offline: every Kubernetes manifest in deploy/k8s/ is valid against the Kubernetes
schemas (kubernetes-validate ships them; the network is blocked while it runs), and the Dockerfile, the manifests
and the HAProxy template agree on port, health path and user. tests/serving/test_image.py builds the image and runs
it as the manifests do."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml

from kansrijke.data.paths import ROOT
from kansrijke.serving.cluster import haproxy_config
from kansrijke.serving.warm import HEALTH_PATH

K8S = ROOT / "deploy" / "k8s"
DOCKERFILE = ROOT / "Dockerfile"
KUBERNETES_VERSION = "1.30.0"  # the oldest version the recipe promises to work on (docs/deploy.md)


def manifests() -> list[Path]:
    return sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


def documents() -> dict[str, dict]:
    found = {}
    for path in manifests():
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                found[doc["kind"]] = doc
    return found


@pytest.fixture
def no_network(monkeypatch):
    def refuse(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"network use during validation: {address}")
        return original(self, address)

    original = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(socket.socket(), a[0]))


@pytest.mark.parametrize("path", manifests(), ids=lambda p: p.name)
def test_manifest_is_valid_against_the_kubernetes_schema(path, no_network):
    import kubernetes_validate

    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_validator_rejects_a_broken_manifest(no_network):
    """The check can fail: a Deployment whose probe port is a list and with an unknown field is refused."""
    import kubernetes_validate

    broken = documents()["Deployment"]
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["port"] = ["http"]
    broken["spec"]["replica"] = 2
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest():
    listed = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))["resources"]
    assert sorted(listed) == [p.name for p in manifests()]


# --- the Dockerfile and the manifests agree -------------------------------------------------------------------


def dockerfile() -> dict:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    instructions: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            instructions.setdefault(word.upper(), []).append(rest.strip())
    return instructions


def docker_port_user_health() -> tuple[int, int, str, list[str]]:
    d = dockerfile()
    (expose,) = d["EXPOSE"]
    (user,) = d["USER"]
    (healthcheck,) = d["HEALTHCHECK"]
    (cmd,) = d["CMD"]
    command = yaml.safe_load(cmd)  # the JSON (exec) form
    url = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w/]+)", healthcheck)
    assert url and int(url.group(1)) == int(expose), "HEALTHCHECK asks another port than EXPOSE"
    return int(expose), int(user.split(":")[0]), url.group(2), command


def container(docs) -> dict:
    (only,) = docs["Deployment"]["spec"]["template"]["spec"]["containers"]
    return only


def test_dockerfile_runs_the_warm_entry_as_a_non_root_user_on_the_exposed_port():
    port, user, health, command = docker_port_user_health()
    assert user != 0
    assert command[:3] == ["streamlit", "run", "asgi.py"]
    assert command[command.index("--server.port") + 1] == str(port)
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert health == HEALTH_PATH


def test_dockerfile_puts_data_and_boundaries_in_the_image():
    d = dockerfile()
    assert "/app/data" in " ".join(d["ENV"])
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert any(c.startswith(". ") for c in d["COPY"]), "the app is copied as a whole (.dockerignore filters)"
    for needed in (
        "data",
        "geo",
        "static",
        "kansrijke",
        "pages",
        "app.py",
        "asgi.py",
        ".streamlit",
        "requirements.txt",
    ):
        assert needed not in ignored and f"{needed}/" not in ignored, f"{needed} is kept out of the image"


def test_dockerfile_installs_only_the_lock_on_a_base_given_as_argument():
    """The base is a build argument whose default is the public Debian bookworm Python image; the only packages
    installed are the lock's; nothing of the machines that test it (runtime, cgroups, ulimits, pip index) is in it."""
    d = dockerfile()
    (arg,) = d["ARG"]
    name, _, default = arg.partition("=")
    assert re.fullmatch(r"(docker\.io/library/)?python:3\.11(\.\d+)?-slim-bookworm", default), default
    assert all(line.split()[0] == f"${{{name}}}" for line in d["FROM"]), "every stage starts from the base argument"
    installs = [part for line in d["RUN"] for part in line.split("&&") if "install" in part]
    assert installs and all(
        re.search(r"pip install --no-deps --requirement \S*requirements\.txt$", p.strip()) for p in installs
    )
    text = DOCKERFILE.read_text(encoding="utf-8")
    for machine in ("runc", "cgroup", "ulimit", "index-url", "find-links", "/opt/pypi", "/opt/wheels", "localhost/"):
        assert machine not in text, f"the Dockerfile names {machine!r}: that belongs to the test machine's script"


def test_manifests_agree_with_the_dockerfile_on_port_health_path_and_user():
    port, user, health, _ = docker_port_user_health()
    docs = documents()
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    c = container(docs)
    named = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert named == {"http": port}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = c[probe]["httpGet"]
        assert get["path"] == health, probe
        assert named.get(get["port"], get["port"]) == port, probe
    assert pod["securityContext"]["runAsUser"] == user
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    assert c["resources"]["requests"]["cpu"] and c["resources"]["requests"]["memory"]


def test_service_ingress_and_autoscaler_point_at_the_deployment():
    docs = documents()
    labels = docs["Deployment"]["spec"]["template"]["metadata"]["labels"]
    name = docs["Deployment"]["metadata"]["name"]
    service = docs["Service"]
    assert service["spec"]["selector"].items() <= labels.items()
    (service_port,) = service["spec"]["ports"]
    assert service_port["targetPort"] in {p["name"] for p in container(docs)["ports"]}
    backend = docs["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"].get("name") == service_port["name"] or backend["port"].get("number") == service_port["port"]
    target = docs["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", name)
    assert docs["NetworkPolicy"]["spec"]["podSelector"]["matchLabels"].items() <= labels.items()


def test_ingress_keeps_a_visitor_on_one_pod_and_websockets_open():
    notes = documents()["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600
    assert int(notes["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 600


def test_pods_make_no_requests_of_their_own():
    policy = documents()["NetworkPolicy"]["spec"]
    assert "Egress" in policy["policyTypes"] and policy["egress"] == []


def test_haproxy_template_checks_the_same_health_path_and_keeps_visitors_on_one_worker():
    config = haproxy_config(8600, [8601, 8602], "127.0.0.1")
    assert f"option httpchk GET {HEALTH_PATH}" in config
    assert re.search(r"^\s+cookie \w+ insert", config, re.M)
    assert len(re.findall(r"^\s+server w\d 127\.0\.0\.1:860[12] check cookie w\d$", config, re.M)) == 2
    assert "bind 127.0.0.1:8600" in config
    assert "${" not in config


def test_haproxy_accepts_the_rendered_configuration(tmp_path):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        import os

        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("haproxy is missing: .ci/run installs it (apt-get install haproxy)")
        pytest.skip("haproxy not installed (apt-get install haproxy)")
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(8600, [8601, 8602, 8603], "127.0.0.1"), encoding="utf-8")
    check = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stdout + check.stderr
