"""
The three journeys of hilfenetz as Locust users (`npm run bench:api`, bench/src/api/run-api-load.ts).

- Caseworker (Fachkraft, Jugendamt Lindenau): registers a case, triggers a crisis on it, then opens
  the crisis page, as after pressing "Krise auslösen".
- Clinic staff (KJP St. Marien): takes a crisis a caseworker triggered, opens the inbox filtered to
  that case until the clinic's task shows, and acknowledges it ("Übernehmen und bestätigen").
- Supervisor (Leitung): reads the board of open crises and the timeline of a recent case.

Every user also asks GET /ready now and then: the same Nest stack, one Postgres SELECT and one
Temporal call, no auth and no domain work. It is the same-run floor the routes are compared to.

Tokens come from the runner (real Keycloak tokens of the demo users, valid an hour). Nothing here
asserts on time. Every sample goes to LOAD_SAMPLES_FILE as a JSON line (name, ms, status, error),
and a line marks when all users had started: the runner computes exact percentiles from the
samples after it (Locust's own report rounds response times into buckets).
"""

import json
import os
import random
import time
import uuid
from collections import deque

from locust import HttpUser, between, events, task

THINK = (float(os.environ.get("LOAD_THINK_MIN", "1")), float(os.environ.get("LOAD_THINK_MAX", "3")))

# Crises triggered and not yet taken by a clinic user; cases recent enough for a supervisor to read.
# Locust runs every user in one process (gevent), so plain shared structures are enough.
triggered = deque()
recent_cases = deque(maxlen=200)


samples = open(os.environ["LOAD_SAMPLES_FILE"], "w", buffering=1 << 16)


@events.request.add_listener
def record(request_type, name, response_time, response=None, exception=None, **_kwargs):
    status = getattr(response, "status_code", None) if response is not None else None
    error = None
    if exception is not None:
        error = str(exception)[:300]
    elif status is not None and not 200 <= status < 300:
        error = f"HTTP {status}: {getattr(response, 'text', '')[:300]}"
    samples.write(
        json.dumps({"t": time.time(), "name": f"{request_type} {name}", "ms": response_time, "status": status, "error": error})
        + "\n"
    )


@events.spawning_complete.add_listener
def all_started(user_count, **_kwargs):
    samples.write(json.dumps({"t": time.time(), "spawned": user_count}) + "\n")


@events.quitting.add_listener
def close_samples(**_kwargs):
    samples.close()


def bearer(user):
    return {"authorization": f"Bearer {os.environ['LOAD_TOKEN_' + user.upper()]}"}


class Caseworker(HttpUser):
    fixed_count = int(os.environ.get("LOAD_CASEWORKERS", "10"))
    wait_time = between(*THINK)

    @task(10)
    def trigger_crisis(self):
        reference = f"LOAD-{uuid.uuid4().hex[:10]}"
        # A crisis runs on a registered case (its lead office and Träger decide who is alarmed).
        young_person = {"givenName": "Mia", "familyName": "Beispiel", "dateOfBirth": "2011-04-17"}
        with self.client.post(
            "/cases",
            json={"caseId": reference, "youngPerson": young_person},
            headers=bearer("fachkraft"),
            name="/cases (register)",
            catch_response=True,
        ) as res:
            if res.status_code != 201:
                res.failure(f"registration answered {res.status_code}: {res.text[:300]}")
                return
            # The stored id is scoped by the office: `<office>.<reference>` (docs/adr/0024).
            case_id = res.json()["caseId"]
        key = f"load-{uuid.uuid4()}"
        body = {
            "dangerKind": random.choice(["self", "others"]),
            "urgency": random.choice(["immediate", "urgent"]),
            "location": "Wohngruppe Birkenhof, Zimmer 4",
        }
        with self.client.post(
            f"/cases/{case_id}/crises",
            json=body,
            headers={**bearer("fachkraft"), "idempotency-key": key},
            name="/cases/:caseId/crises (trigger)",
            catch_response=True,
        ) as res:
            if res.status_code != 201:
                res.failure(f"trigger answered {res.status_code}: {res.text[:300]}")
                return
            crisis_id = res.json()["crisisId"]
        triggered.append((case_id, crisis_id, time.time()))
        recent_cases.append(case_id)
        self.client.get(
            f"/cases/{case_id}/crises/{crisis_id}",
            headers=bearer("fachkraft"),
            name="/cases/:caseId/crises/:crisisId",
        )

    @task(1)
    def floor(self):
        self.client.get("/ready", name="/ready (baseline)")


class ClinicStaff(HttpUser):
    fixed_count = int(os.environ.get("LOAD_CLINIC", "20"))
    wait_time = between(*THINK)

    @task(10)
    def acknowledge(self):
        if not triggered:
            self.client.get("/tasks?status=open", headers=bearer("klinik"), name="/tasks?status=open (inbox)")
            return
        case_id, crisis_id, _ = triggered.popleft()
        # The inbox is a projection: the task shows once the worker notified the clinic and the
        # projector applied it. A person looks again after a moment; so does this user.
        for _ in range(20):
            res = self.client.get(
                f"/tasks?caseId={case_id}", headers=bearer("klinik"), name="/tasks?caseId= (inbox of a case)"
            )
            if res.status_code == 200 and any(t["taskId"] == "task-clinic" for t in res.json()["tasks"]):
                break
            time.sleep(0.5)
        else:
            # Counted as a failure of its own, so that a slow projection shows in the report.
            self.environment.events.request.fire(
                request_type="WAIT",
                name="until the task shows in the clinic inbox",
                response_time=10_000,
                response_length=0,
                exception=Exception("task-clinic not in the inbox after 10 s"),
            )
            return
        self.client.post(
            f"/cases/{case_id}/crises/{crisis_id}/tasks/task-clinic/acknowledge",
            json={},
            headers=bearer("klinik"),
            name="…/tasks/:taskId/acknowledge",
        )

    @task(1)
    def floor(self):
        self.client.get("/ready", name="/ready (baseline)")


class Supervisor(HttpUser):
    fixed_count = int(os.environ.get("LOAD_SUPERVISORS", "20"))
    wait_time = between(*THINK)

    @task(5)
    def board(self):
        self.client.get("/crises", headers=bearer("leitung"), name="/crises (board)")

    @task(5)
    def timeline(self):
        if not recent_cases:
            return
        case_id = random.choice(list(recent_cases))
        self.client.get(f"/cases/{case_id}/timeline", headers=bearer("leitung"), name="/cases/:caseId/timeline")

    @task(1)
    def floor(self):
        self.client.get("/ready", name="/ready (baseline)")
