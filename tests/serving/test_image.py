"""The container image, built and run for real (podman; tests/serving/image.py has the machinery).

The project's Dockerfile is built on a Debian bookworm base made from Debian's packages, and run the way
deploy/k8s/deployment.yaml runs a pod: its user, a read-only root file system with the manifest's /tmp volume as
the only writable place, dropped capabilities, its environment and its resource limits (read from the YAML).

- With no network at all it warms up and its own HEALTHCHECK passes inside the container; it runs as the
  manifest's user (not root), holds exactly the locked packages, has written nothing outside /tmp, and has no
  network interface but loopback.
- With a port published on 127.0.0.1, a real browser opens the home page through it, sees the map painted and
  sends no request anywhere else.
- With a data folder mounted read-only at the data path it serves that folder's tables (a renamed municipality);
  with a broken folder it still starts, reports healthy and shows the validation report instead of the map.

Without podman & co. the test skips on a developer machine and FAILS in CI (CI=true): .ci/run installs them.
Run with -s for the figures: image size, build time, and the time from `podman run` to healthy.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import json
import socket
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from kansrijke.serving.protocol import PageRun, Session
from kansrijke.text import t
from tests.e2e import harness
from tests.serving import image, test_fault
from tests.unit.test_lock import INSTALLER, pins

ROOT = Path(__file__).resolve().parents[2]
RENAMED = ("GM0363", "Amsterdam", "Mokumstad")  # code, shipped name, the name in the mounted folder
HEALTHY_TIMEOUT_S = 420.0


def figure(text: str) -> None:
    print(f"\n[image] {text}", flush=True)


@pytest.fixture(scope="module")
def built() -> image.Build:
    missing = image.tool_missing()
    if missing:
        message = f"{missing} is missing: the image is NOT BUILT (apt-get install podman mmdebstrap runc uidmap)"
        if harness.in_ci():
            pytest.fail(f"CI=true but {message}; .ci/run installs them", pytrace=False)
        pytest.skip(message)
    image.remove_stale_containers()
    result = image.build()
    figure(result.figures())
    return result


@pytest.fixture(scope="module")
def spec() -> image.RunSpec:
    return image.run_spec()


@pytest.fixture(scope="module")
def offline(built, spec):
    """The image as shipped, with no network at all."""
    container = image.Container("offline", ["--network", "none"], spec)
    try:
        container.start()
        seconds = container.wait_healthy(HEALTHY_TIMEOUT_S)
        figure(f"podman run -> healthy (no network, read-only, user {spec.user}): {seconds:.1f} s")
        yield container
    finally:
        container.remove()


def write_renamed(folder: Path) -> None:
    code, _, new = RENAMED
    path = folder / "gemeenten_2020.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(row["code"] == code for row in rows)
    for row in rows:
        if row["code"] == code:
            row["naam"] = new
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_broken(folder: Path) -> None:
    """A negative amount: the validation report names file, column and value (tests/app/test_home.py)."""
    path = folder / "financiering.csv"
    text = path.read_text(encoding="utf-8")
    assert ",9000," in text
    path.write_text(text.replace(",9000,", ",-9000,"), encoding="utf-8")


@dataclass
class Served:
    container: image.Container
    url: str


@pytest.fixture(scope="module")
def served(built, spec, tmp_path_factory):
    """Three containers with a port published on 127.0.0.1, warming up side by side: the shipped data, a data
    folder with a renamed municipality and a broken data folder, each mounted read-only at the data path."""
    work = tmp_path_factory.mktemp("image")
    renamed, broken = harness.copy_data(work / "renamed"), harness.copy_data(work / "broken")
    write_renamed(renamed)
    write_broken(broken)
    running: dict[str, Served] = {}
    try:
        for label, folder in (("shipped", None), ("renamed", renamed), ("broken", broken)):
            port = harness.free_port()
            extra = ["--publish", f"127.0.0.1:{port}:{spec.port}"]
            if folder is not None:
                extra += ["--volume", f"{folder}:{spec.data_dir}:ro"]
            running[label] = Served(image.Container(label, extra, spec).start(), f"http://127.0.0.1:{port}")
            wait_listening(port)  # podman holds the published port from here on (the next one is another)
        for label, one in running.items():
            seconds = one.container.wait_healthy(HEALTHY_TIMEOUT_S)
            figure(f"podman run -> healthy ({label}, 3 containers warming up together): {seconds:.1f} s")
        yield running
    finally:
        for one in running.values():
            one.container.remove()


def wait_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on the published port {port}")


def protocol_visit(url: str, query: str) -> PageRun:
    """Open the home page with `query` as a protocol client, in a thread of its own (Playwright's sync API may own
    this thread's event loop)."""

    async def visit() -> PageRun:
        session = await Session(url).connect(timeout=60)
        try:
            return await session.open_page("", query, timeout=120)
        finally:
            await session.close()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, visit()).result(240)


# --- how the manifest and the machine's pip settings become podman options (no podman needed) --------------


def test_the_run_options_follow_the_manifest():
    doc = image.deployment()
    pod, container = image.pod_container(doc)
    assert "--read-only" in image.run_spec(doc).options
    container["resources"] = {"limits": {"memory": "1Gi", "cpu": "500m"}, "requests": {"cpu": "250m"}}
    container["securityContext"]["readOnlyRootFilesystem"] = False
    pod["securityContext"]["runAsUser"] = 10002
    pod["volumes"][0]["emptyDir"]["sizeLimit"] = "64Mi"
    spec = image.run_spec(doc)
    options = " ".join(spec.options)
    assert "--user 10002:10001" in options and "--read-only" not in options
    assert "--memory 1073741824 --memory-swap 1073741824" in options and "--cpus 0.5" in options
    assert "--cpu-shares 256" in options
    assert f"--tmpfs {spec.tmp}:rw,mode=1777,size={64 * 2**20}" in options and spec.tmp_bytes == 64 * 2**20


def test_the_machines_pip_configuration_is_read_with_variables_winning():
    listed = ":env:.find-links='/opt/wheels'\nglobal.find-links='/srv/old'\nglobal.cert='/etc/ssl/certs/ca.crt'\n"
    assert image.parse_pip_config_list(listed) == {
        "global": {"find-links": "/opt/wheels", "cert": "/etc/ssl/certs/ca.crt"}
    }


def test_the_build_mounts_what_the_pip_configuration_names(tmp_path):
    index, wheels = tmp_path / "mirror" / "simple", tmp_path / "wheels"
    index.mkdir(parents=True)
    wheels.mkdir()
    settings = {"global": {"extra-index-url": f"https://example.org/simple file://{index}", "find-links": str(wheels)}}
    assert image.local_paths(settings) == sorted([image.CA_CERTIFICATES, str(index.parent), str(wheels)])
    assert image.pip_conf_text(settings).splitlines()[:2] == [
        "[global]",
        f"extra-index-url = {settings['global']['extra-index-url']}",
    ]


# --- the image and the container without network --------------------------------------------------------


def test_the_image_runs_as_the_manifests_user_not_root(built, spec):
    user = image.inspect_image(built.image)["Config"]["User"]
    assert user.split(":")[0] == str(spec.user) != "0", "the image's USER is not the manifest's runAsUser"


def check_user(container: image.Container, user: int) -> None:
    status = container.exec("cat", "/proc/1/status").stdout
    (uids,) = [line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")]
    assert uids == [str(user)] * 4, f"the container's first process runs as {uids}, not as {user}"
    assert container.exec("id", "-u").stdout.strip() == str(user)


def check_no_network(container: image.Container) -> None:
    devices = container.exec("cat", "/proc/net/dev").stdout.splitlines()[2:]
    interfaces = [line.split(":")[0].strip() for line in devices]
    assert interfaces == ["lo"], f"the container has a network: {interfaces}"
    outside = container.exec(
        "python3", "-c", "import socket; socket.create_connection(('192.0.2.1', 80), timeout=3)", timeout=30
    )
    assert outside.returncode != 0 and "unreachable" in outside.stderr.lower(), outside.stderr


def check_nothing_written_outside(container: image.Container, writable: str) -> None:
    """Writing outside `writable` is refused, and the container has changed nothing in its image's files: only the
    directories that hold podman's own mount points (/etc/hosts, /run/.containerenv ...) may show as changed."""
    write = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text('x')"
    refused = container.exec("python3", "-c", write, "/app/data/written-by-test")
    assert refused.returncode != 0 and "Read-only file system" in refused.stderr, "the root file system is writable"
    assert container.exec("python3", "-c", write, f"{writable}/written-by-test").returncode == 0, f"{writable}"
    mounted = {line.split()[4] for line in container.exec("cat", "/proc/1/mountinfo").stdout.splitlines()}
    holders = {str(Path(point).parent) for point in mounted}
    changed = [line for line in container.diff() if not (line.startswith("C ") and line[2:] in holders)]
    assert changed == [], f"the container changed its image's files: {changed}"


def test_the_container_starts_healthy_without_network_as_its_user(offline, spec):
    check_user(offline, spec.user)
    check_no_network(offline)
    host = offline.inspect()["HostConfig"]
    assert host["NetworkMode"] == "none" and host["ReadonlyRootfs"] is True
    if spec.memory_limit:
        assert host["Memory"] == spec.memory_limit, "the manifest's memory limit is not applied"
    if spec.tmp_bytes:
        size = offline.exec("python3", "-c", f"import os; s = os.statvfs('{spec.tmp}'); print(s.f_blocks * s.f_frsize)")
        assert int(size.stdout) == spec.tmp_bytes, f"{spec.tmp} is not of the manifest's emptyDir size"


def test_nothing_is_written_outside_tmp(offline, spec):
    check_nothing_written_outside(offline, spec.tmp)
    assert "Read-only file system" not in offline.logs(), "the app tried to write outside /tmp"


def test_the_checks_catch_root_a_network_and_a_writable_file_system(built, spec):
    """The same checks on the image run the wrong way (as root, on the default network, writable; not the app:
    a process that waits) fail, so the checks above can fail."""
    wrong = image.RunSpec(["--user", "0:0", "--tmpfs", f"{spec.tmp}:rw"], 0, 0, spec.port, tmp=spec.tmp)
    container = image.Container("wrong", [], wrong, command=["python3", "-c", "import time; time.sleep(300)"])
    try:
        container.start()
        for check in (
            lambda: check_user(container, spec.user),
            lambda: check_no_network(container),
            lambda: check_nothing_written_outside(container, spec.tmp),
        ):
            with pytest.raises(AssertionError):
                check()
    finally:
        container.remove()


def test_the_image_holds_exactly_the_locked_packages(offline):
    distributions = "{d.metadata['Name']: d.version for d in m.distributions()}"
    listed = offline.exec("python3", "-c", f"import importlib.metadata as m, json; print(json.dumps({distributions}))")
    installed = {canonicalize_name(name): version for name, version in json.loads(listed.stdout).items()}
    lock = pins(ROOT / "requirements.txt")
    assert {name: version for name, version in installed.items() if name not in INSTALLER} == lock


# --- served on a published port ----------------------------------------------------------------------------

browser = test_fault.browser  # the fixture: Debian's chromium for this module (fails in CI when it is missing)


def open_home(browser, url: str):
    context = browser.new_context(viewport=harness.VIEWPORT)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda socket: requests.append(socket.url))
    page.goto(url + "/", timeout=120_000)
    harness.wait_ready(page)
    return context, page, requests


def test_the_browser_sees_the_map_through_the_published_port(served, browser):
    with urllib.request.urlopen(served["shipped"].url + "/_stcore/health", timeout=10) as response:
        assert response.status == 200
    context, page, requests = open_home(browser, served["shipped"].url)
    try:
        page.wait_for_selector("[data-testid=stMain] h1", timeout=60_000)
        started = time.perf_counter()
        harness.wait_map_painted(page)
        figure(f"browser: map painted {time.perf_counter() - started:.1f} s after the page's first run")
        assert page.locator(harness.EXCEPTION).count() == 0
        assert any(url.startswith(served["shipped"].url) for url in requests)
        assert [url for url in requests if not harness.is_local(url)] == [], "requests left localhost"
    finally:
        context.close()


def test_a_mounted_data_folder_is_served(served):
    code, shipped, renamed = RENAMED
    in_image = protocol_visit(served["shipped"].url, f"zoek={code}")
    mounted = protocol_visit(served["renamed"].url, f"zoek={code}")
    assert shipped in in_image.texts and renamed not in " ".join(in_image.texts)
    assert renamed in mounted.texts, "the mounted folder's name is not on the page"
    assert shipped not in mounted.texts


def test_a_broken_mounted_folder_starts_healthy_and_shows_the_report_not_the_map(served, browser):
    assert served["broken"].container.healthy_after is not None
    context, page, requests = open_home(browser, served["broken"].url)
    try:
        page.get_by_text(t("data.error_title", "nl")).wait_for(timeout=60_000)
        harness.wait_settled(page)
        report = "\n".join(page.locator("[data-testid=stCode]").all_inner_texts())
        assert "financiering.csv" in report and "bedrag_eur" in report and "-9000" in report, report
        assert page.locator(harness.PAGE_MAP).count() == 0 and page.locator(harness.DECK_CANVAS).count() == 0
        assert page.locator(harness.EXCEPTION).count() == 0
        assert [url for url in requests if not harness.is_local(url)] == []
    finally:
        context.close()
