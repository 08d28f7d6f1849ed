"""Several service processes on one PostgreSQL database: migrating on start, serving with
``--workers``, and reporting metrics summed over every worker."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.ops.conftest import REPO, Service, directory_command, run_cli, service_env


def readyz_count(metrics_text: str) -> float:
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if (
                sample.name == "directory_http_requests_total"
                and sample.labels.get("route") == "/readyz"
                and sample.labels.get("status") == "200"
            ):
                return sample.value
    return 0.0


def test_processes_that_migrate_at_the_same_time_all_succeed(tmp_path: Path, pg_url: str) -> None:
    env = service_env(tmp_path, pg_url)
    runs = [
        subprocess.Popen(
            directory_command("db", "upgrade"),
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    revisions = {out.strip().splitlines()[-1] for out, _ in outputs}
    assert len(revisions) == 1 and next(iter(revisions)).startswith("database at revision ")


def test_two_workers_serve_and_metrics_sum_over_both(
    tmp_path: Path, pg_url: str, services: list[Service]
) -> None:
    env = service_env(tmp_path, pg_url)
    assert run_cli(env, "db", "upgrade").returncode == 0
    service = Service(env, tmp_path / "serve.log", workers=2)
    services.append(service)
    service.start()
    deadline = time.monotonic() + 30
    workers: set[str] = set()
    while len(workers) < 2 and time.monotonic() < deadline:
        # The first worker may answer /readyz before the second has started.
        workers = set(re.findall(r"Started server process \[(\d+)\]", service.logs()))
        time.sleep(0.1)
    assert len(workers) == 2

    with httpx.Client(base_url=service.url) as http:
        before = readyz_count(http.get("/metrics").text)
        for _ in range(20):
            # A new connection each time, so that both workers take requests.
            assert httpx.get(f"{service.url}/readyz").status_code == 200
        # A request is counted just after its response is sent: give the last one a moment.
        deadline = time.monotonic() + 10
        while readyz_count(http.get("/metrics").text) - before < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Whichever worker answers the scrape reports every worker's requests.
        counts = [readyz_count(http.get("/metrics").text) - before for _ in range(5)]
    assert counts == [20.0] * 5
