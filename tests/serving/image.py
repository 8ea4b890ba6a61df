"""The container image, for real: a Debian base from Debian's packages, the project's Dockerfile built on it with
podman, and containers run the way deploy/k8s/deployment.yaml runs its pods (tests/serving/test_image.py).

Everything only the test machines need lives here, never in the Dockerfile: podman's runtime (runc) and cgroup
manager (cgroupfs), ulimits no higher than the machine's, the machine's pip configuration for the build (its index,
find-links and CA certificates, mounted read-only into the build), and the base built from Debian's packages
(public image registries are out of reach here).

Cached between runs: the base is tagged by the hash of its recipe and built only when that tag is missing; the
image is rebuilt by podman's layer cache, which keys every step on its inputs (a changed requirements.txt reinstalls
the packages, a changed app file only copies the app again). CI starts clean and builds both.

No pytest here: `python -m tests.serving.image` builds the base and the image and prints their figures.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT = ROOT / "deploy" / "k8s" / "deployment.yaml"

# podman as it works on these machines; another machine may set KANSRIJKE_PODMAN (e.g. "podman" or "sudo podman").
PODMAN = shlex.split(os.environ.get("KANSRIJKE_PODMAN", "podman --runtime runc --cgroup-manager cgroupfs"))
ULIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096"]  # no higher than the machine allows

# The base: Debian bookworm with Python 3.11 and its venv module, as the public python image has them.
DEBIAN_PACKAGES = ("python3", "python3-venv", "ca-certificates")
BASE_RECIPE = ("mmdebstrap", "--variant=minbase", "--include=" + ",".join(DEBIAN_PACKAGES), "bookworm")
BASE_REPOSITORY = "localhost/kansrijke-base"
# One tag per checkout, so that test runs in two worktrees of one machine never run each other's image.
IMAGE = f"localhost/kansrijke-start:test-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}"
CA_CERTIFICATES = "/etc/ssl/certs"

CONTAINER_LABEL = "kansrijke.test"  # every container started here carries it (with this process's id)


class PodmanError(RuntimeError):
    pass


def podman(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise PodmanError(f"podman {' '.join(args[:3])} ... failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done


def tool_missing() -> str | None:
    """What is missing to build and run the image here (None: nothing)."""
    for tool in ("podman", "mmdebstrap", "runc"):
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists():
            return tool
    return None


# --- the manifest: how a pod runs the image ---------------------------------------------------------------


def deployment(path: Path = DEPLOYMENT) -> dict:
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        if doc and doc.get("kind") == "Deployment":
            return doc
    raise ValueError(f"no Deployment in {path}")


def pod_container(doc: dict) -> tuple[dict, dict]:
    """The pod spec and its one container."""
    pod = doc["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    return pod, container


def quantity_bytes(value: str | int) -> int:
    """A Kubernetes memory quantity ("1536Mi", "2G", "1048576") in bytes."""
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([A-Za-z]*)", str(value).strip())
    if not match or (match.group(2) and match.group(2) not in units):
        raise ValueError(f"not a memory quantity: {value!r}")
    return int(float(match.group(1)) * units.get(match.group(2), 1))


def quantity_cpus(value: str | int | float) -> float:
    """A Kubernetes CPU quantity ("1", "500m") in CPUs."""
    text = str(value).strip()
    return int(text[:-1]) / 1000 if text.endswith("m") else float(text)


@dataclass(frozen=True)
class RunSpec:
    """What deployment.yaml asks of the container: podman options, and the values the checks compare with."""

    options: list[str]
    user: int
    group: int
    port: int
    memory_limit: int | None = None
    data_dir: str = "/app/data"
    tmp: str = "/tmp"  # the first emptyDir's mount path: the writable place
    tmp_bytes: int | None = None  # its size limit


def run_spec(doc: dict | None = None) -> RunSpec:
    """podman run options for the manifest's container: its user and group, a read-only root file system with its
    emptyDir volumes as the only writable places (tmpfs of their size limit), dropped capabilities, no privilege
    escalation, its environment, and its resource limits (memory, CPU; CPU requests as shares, as the kubelet
    sets them). Seccomp's RuntimeDefault is podman's default profile."""
    pod, container = pod_container(doc or deployment())
    security = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
    user, group = int(security["runAsUser"]), int(security.get("runAsGroup", security["runAsUser"]))
    options = ["--user", f"{user}:{group}"]
    if security.get("readOnlyRootFilesystem"):
        options += ["--read-only", "--read-only-tmpfs=false"]  # podman would add tmpfs on /run, /var/tmp too
    capabilities = security.get("capabilities", {})
    options += [f"--cap-drop={c}" for c in capabilities.get("drop", [])]
    options += [f"--cap-add={c}" for c in capabilities.get("add", [])]
    if security.get("allowPrivilegeEscalation") is False:
        options += ["--security-opt", "no-new-privileges"]
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    writable: list[tuple[str, int | None]] = []
    for mount in container.get("volumeMounts", []):
        volume = volumes[mount["name"]]
        if "emptyDir" not in volume:
            raise ValueError(f"volume {mount['name']}: only emptyDir volumes have a podman counterpart here")
        limit = volume["emptyDir"].get("sizeLimit")
        size = quantity_bytes(limit) if limit else None
        options += ["--tmpfs", f"{mount['mountPath']}:rw,mode=1777" + (f",size={size}" if size else "")]
        writable.append((mount["mountPath"], size))
    if not writable:
        raise ValueError("the manifest's container has no emptyDir volume: no writable place")
    env = {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}
    for name, value in env.items():
        options += ["--env", f"{name}={value}"]
    resources = container.get("resources", {})
    limits, requests = resources.get("limits", {}), resources.get("requests", {})
    memory = quantity_bytes(limits["memory"]) if "memory" in limits else None
    if memory:
        options += ["--memory", str(memory), "--memory-swap", str(memory)]  # no swap, as on a node
    if "cpu" in limits:
        options += ["--cpus", str(quantity_cpus(limits["cpu"]))]
    if "cpu" in requests:
        options += ["--cpu-shares", str(max(2, int(quantity_cpus(requests["cpu"]) * 1024)))]
    (port,) = [p["containerPort"] for p in container["ports"]]
    return RunSpec(
        options,
        user,
        group,
        int(port),
        memory_limit=memory,
        data_dir=env.get("KANSRIJKE_DATA_DIR", "/app/data"),
        tmp=writable[0][0],
        tmp_bytes=writable[0][1],
    )


# --- the machine's pip configuration, for the build ---------------------------------------------------------


def pip_settings() -> dict[str, dict[str, str]]:
    """The pip configuration this machine's pip uses (`pip config list`: files and PIP_* variables; a variable
    wins over a file, as in pip), by section."""
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return parse_pip_config_list(listed)


def parse_pip_config_list(listed: str) -> dict[str, dict[str, str]]:
    """`pip config list`'s lines (`global.cert='...'`, `:env:.find-links='...'` for a PIP_* variable) by section;
    a variable counts as `global` and wins over a file."""
    files: dict[str, dict[str, str]] = {}
    variables: dict[str, str] = {}
    for line in listed.splitlines():
        match = re.fullmatch(r"([^=]+?)\.([\w-]+)='(.*)'", line.strip())
        if not match:
            continue
        section, key, value = match.groups()
        if section == ":env:":
            variables[key] = value
        else:
            files.setdefault(section, {})[key] = value
    files.setdefault("global", {}).update(variables)
    return files


def pip_conf_text(settings: dict[str, dict[str, str]]) -> str:
    lines = []
    for section, values in settings.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {value}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def local_paths(settings: dict[str, dict[str, str]]) -> list[str]:
    """The files and folders of this machine the configuration names (find-links, file:// indexes, a constraint
    file, the CA bundle), to mount read-only into the build. A local index (…/simple) comes with the folder above
    it, where its pages link (../../files/...)."""
    found: set[str] = {CA_CERTIFICATES}
    for values in settings.values():
        for value in values.values():
            for word in value.split():
                path = urllib.parse.urlsplit(word).path if word.startswith("file://") else word
                if not path.startswith("/") or not Path(path).exists():
                    continue
                found.add(str(Path(path).parent) if Path(path).name == "simple" else path)
    # Leave out what lies inside another mount.
    return sorted(p for p in found if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in found))


# --- building ------------------------------------------------------------------------------------------------


@dataclass
class Build:
    base: str
    image: str = IMAGE
    base_seconds: float | None = None  # None: the base was in the cache
    build_seconds: float = 0.0
    steps: int = 0
    cached_steps: int = 0
    size_bytes: int = 0
    log: str = ""
    step_seconds: dict[str, float] = field(default_factory=dict)

    def figures(self) -> str:
        base = "cached" if self.base_seconds is None else f"built in {self.base_seconds:.0f} s"
        slowest = sorted(self.step_seconds.items(), key=lambda item: -item[1])[:3]
        return (
            f"image {self.image}: {self.size_bytes / 1e6:.0f} MB; build {self.build_seconds:.0f} s "
            f"({self.cached_steps} of {self.steps} steps from podman's layer cache); base {self.base}: {base}\n"
            + "\n".join(f"  {seconds:6.1f} s  {step[:100]}" for step, seconds in slowest)
        )


def image_exists(name: str) -> bool:
    return podman("image", "exists", name, check=False).returncode == 0


def base_tag() -> str:
    digest = hashlib.sha256(" ".join(BASE_RECIPE).encode()).hexdigest()[:12]
    return f"{BASE_REPOSITORY}:bookworm-{digest}"


def ensure_base() -> tuple[str, float | None]:
    """The Debian base (tag, seconds to build it; None when it was cached): mmdebstrap's root file system, streamed
    as a tar into `podman import`."""
    tag = base_tag()
    if image_exists(tag):
        return tag, None
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        rootfs = subprocess.Popen([*BASE_RECIPE, "-"], stdout=subprocess.PIPE, stderr=log)
        assert rootfs.stdout is not None
        imported = subprocess.run([*PODMAN, "import", "-", tag], stdin=rootfs.stdout, capture_output=True, timeout=900)
        rootfs.stdout.close()
        if rootfs.wait(timeout=60) != 0 or imported.returncode != 0:
            log.seek(0)
            podman("rmi", "--force", tag, check=False)
            raise PodmanError(
                f"mmdebstrap ({rootfs.returncode}) | podman import ({imported.returncode}) failed:\n"
                f"{log.read().decode(errors='replace')[-4000:]}{imported.stderr.decode(errors='replace')}"
            )
    return tag, time.perf_counter() - started


def build_command(base: str, pip_conf: Path, settings: dict[str, dict[str, str]]) -> list[str]:
    mounts = [f"{pip_conf}:/etc/pip.conf:ro"] + [f"{p}:{p}:ro" for p in local_paths(settings)]
    return [
        "build",
        "--format",
        "docker",  # keeps the HEALTHCHECK (the OCI format has none)
        "--network",
        "host",
        *ULIMITS,
        *[arg for mount in mounts for arg in ("--volume", mount)],
        "--build-arg",
        f"BASE_IMAGE={base}",
        "--tag",
        IMAGE,
        "--file",
        str(ROOT / "Dockerfile"),
        str(ROOT),
    ]


def build() -> Build:
    base, base_seconds = ensure_base()
    settings = pip_settings()
    previous = podman("image", "inspect", "--format", "{{.Id}}", IMAGE, check=False).stdout.strip()
    started = time.perf_counter()
    lines: list[tuple[float, str]] = []  # (seconds since the start, line) of podman's output
    with tempfile.TemporaryDirectory(prefix="kansrijke-build-") as work:
        pip_conf = Path(work) / "pip.conf"
        pip_conf.write_text(pip_conf_text(settings), encoding="utf-8")
        command = [*PODMAN, *build_command(base, pip_conf, settings)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
            assert process.stdout is not None
            for line in process.stdout:
                lines.append((time.perf_counter() - started, line.rstrip("\n")))
        if process.returncode != 0:
            raise PodmanError(f"podman build failed ({process.returncode}):\n" + "\n".join(t for _, t in lines[-60:]))
    result = Build(base, base_seconds=base_seconds, build_seconds=time.perf_counter() - started)
    result.log = "\n".join(text for _, text in lines)
    result.step_seconds = step_seconds(lines)
    result.steps = sum(1 for step in result.step_seconds if not step.split(": ", 1)[1].startswith("FROM"))
    result.cached_steps = result.log.count("--> Using cache")
    result.size_bytes = int(podman("image", "inspect", "--format", "{{.Size}}", IMAGE).stdout.strip())
    if previous and previous != inspect_image(IMAGE)["Id"]:
        podman("rmi", previous, check=False)  # the image this build replaced (its layers, where nothing shares them)
    return result


def step_seconds(lines: list[tuple[float, str]]) -> dict[str, float]:
    """Seconds each build step took ("[1/2] STEP 4/6: RUN python3 -m venv ..." -> seconds), from the time its line
    appeared to the next step's (the last one: to the end)."""
    marks = [(at, text) for at, text in lines if re.search(r"STEP \d+/\d+: ", text)]
    end = lines[-1][0] if lines else 0.0
    return {text: round(following - at, 1) for (at, text), (following, _) in zip(marks, marks[1:] + [(end, "")])}


def inspect_image(name: str = IMAGE) -> dict:
    (inspected,) = json.loads(podman("image", "inspect", name).stdout)
    return inspected


def healthcheck_command(name: str = IMAGE) -> list[str]:
    """The image's own HEALTHCHECK, as a command to run inside a container."""
    test = (inspect_image(name).get("Healthcheck") or {}).get("Test") or ["NONE"]
    if test[0] == "CMD":
        return test[1:]
    if test[0] == "CMD-SHELL":
        return ["/bin/sh", "-c", test[1]]
    raise ValueError(f"no usable HEALTHCHECK: {test}")


# --- running -------------------------------------------------------------------------------------------------


@dataclass
class Container:
    """One container of the image, run as the manifest runs a pod (RunSpec), plus the options of this run."""

    label: str
    extra: list[str] = field(default_factory=list)
    spec: RunSpec = field(default_factory=run_spec)
    image: str = IMAGE
    command: list[str] = field(default_factory=list)  # empty: the image's CMD
    name: str = ""
    started_at: float = 0.0
    healthy_after: float | None = None

    def start(self) -> Container:
        self.name = f"kansrijke-test-{os.getpid()}-{self.label}"
        podman("rm", "--force", "--ignore", self.name, check=False)
        self.started_at = time.perf_counter()
        podman(
            "run",
            "--detach",
            "--name",
            self.name,
            "--label",
            f"{CONTAINER_LABEL}={os.getpid()}",
            "--no-healthcheck",  # no systemd timers here: the test runs the image's HEALTHCHECK itself
            "--passwd=false",  # no account added for the user, as on Kubernetes and docker (podman would add one)
            *ULIMITS,
            *self.spec.options,
            *self.extra,
            self.image,
            *self.command,
        )
        return self

    def exec(self, *command: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return podman("exec", self.name, *command, timeout=timeout, check=False)

    def running(self) -> bool:
        state = podman("inspect", "--format", "{{.State.Running}}", self.name, check=False)
        return state.stdout.strip() == "true"

    def wait_healthy(self, timeout: float = 420) -> float:
        """Seconds from `podman run` until the image's HEALTHCHECK, run inside the container, passed."""
        check = healthcheck_command(self.image)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exec(*check, timeout=30).returncode == 0:
                self.healthy_after = time.perf_counter() - self.started_at
                return self.healthy_after
            if not self.running():
                raise PodmanError(f"container {self.name} stopped before it was healthy:\n{self.logs()}")
            time.sleep(1)
        raise PodmanError(f"container {self.name} not healthy within {timeout:.0f} s:\n{self.logs()}")

    def logs(self) -> str:
        done = podman("logs", self.name, check=False)
        return (done.stdout + done.stderr)[-6000:]

    def inspect(self) -> dict:
        (inspected,) = json.loads(podman("inspect", self.name).stdout)
        return inspected

    def diff(self) -> list[str]:
        """What the container changed in the image's file system (tmpfs mounts are not part of it)."""
        return [line for line in podman("diff", self.name).stdout.splitlines() if line.strip()]

    def remove(self) -> None:
        if self.name:
            podman("rm", "--force", "--time", "5", self.name, check=False, timeout=60)


def remove_stale_containers() -> list[str]:
    """Containers this module started in a test process that is gone (killed before it could clean up)."""
    listed = podman("ps", "--all", "--filter", f"label={CONTAINER_LABEL}", "--format", "json", check=False).stdout
    stale: list[str] = []
    for container in json.loads(listed or "[]"):
        owner = (container.get("Labels") or {}).get(CONTAINER_LABEL, "")
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            stale += container.get("Names") or []
    for name in stale:
        podman("rm", "--force", "--time", "0", name, check=False)
    return stale


def main() -> None:
    missing = tool_missing()
    if missing:
        sys.exit(f"{missing} is missing (apt-get install podman mmdebstrap runc uidmap)")
    print(build().figures())


if __name__ == "__main__":
    main()
