"""Load scenario for `make loadtest` (run by loadtest/run.py, which prepares the database, the
server, the Celery worker and the users' sessions, then checks the database afterwards).

Two kinds of users:
- Reader (anonymous): home, sheets with filters, a sheet, the forum, a thread, a search.
- Member (logged in through a session cookie prepared by run.py): reads, replies in threads,
  reacts to posts, registers to events and cancels.
Every write the server accepted (a redirect after the POST) is appended to the journal file
(LOADTEST_JOURNAL), so that run.py can check that each one is in the database, exactly once.
"""

import json
import os
import random
import re
import threading
import uuid

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())  # noqa: SIM115
JOURNAL = os.environ["LOADTEST_JOURNAL"]
_journal_lock = threading.Lock()
_sessions = list(PLAN["sessions"])
_sessions_lock = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUERIES = [
    "accès aux droits",
    "numerique",
    "logement",
    "rsa jeunes",
    "accompagnement",
    '"aller vers"',
    "mobilite -voiture",
    "beneficiaire",
]
FILTERS = [
    "?frein=fracture-numerique",
    "?public=jeunes",
    "?droit=rsa&action=aller-vers",
    "?partenaire=caf",
    "",
]


def journal(entry: dict) -> None:
    with _journal_lock, open(JOURNAL, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


class Reader(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    @task(3)
    def home(self):
        self.client.get("/", name="accueil")

    @task(4)
    def sheets(self):
        self.client.get("/fiches/" + random.choice(FILTERS), name="fiches (filtres)")  # noqa: S311

    @task(3)
    def sheet(self):
        self.client.get(random.choice(PLAN["sheets"]), name="fiche")  # noqa: S311

    @task(2)
    def forum(self):
        self.client.get("/forum/", name="forum")

    @task(3)
    def thread(self):
        self.client.get(random.choice(PLAN["threads"]), name="discussion")  # noqa: S311

    @task(4)
    def search(self):
        self.client.get(
            "/recherche/",
            params={"q": random.choice(QUERIES)},  # noqa: S311
            name="recherche",
        )


class Member(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        with _sessions_lock:
            self.session = _sessions.pop() if _sessions else random.choice(PLAN["sessions"])  # noqa: S311
        self.client.cookies.set("sessionid", self.session["key"])
        self.client.cookies.set("csrftoken", self.session["csrf"])

    def _csrf(self, html: str) -> str:
        match = CSRF.search(html)
        return match.group(1) if match else self.session["csrf"]

    @task(3)
    def read_sheets(self):
        self.client.get("/fiches/" + random.choice(FILTERS), name="fiches (connecté)")  # noqa: S311

    @task(2)
    def search(self):
        self.client.get(
            "/recherche/",
            params={"q": random.choice(QUERIES)},  # noqa: S311
            name="recherche (connecté)",
        )

    @task(3)
    def reply(self):
        url = random.choice(PLAN["threads"])  # noqa: S311
        page = self.client.get(url, name="discussion (connecté)")
        token = f"lt-{uuid.uuid4().hex}"
        response = self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": self._csrf(page.text),
                "text": f"Réponse de test de charge {token} : merci pour ce retour.",
            },
            headers={"Referer": self.host + url},
            name="répondre",
        )
        if response.history and response.status_code == 200:
            journal({"kind": "post", "token": token, "user": self.session["user"]})

    @task(2)
    def react(self):
        post_id = random.choice(PLAN["posts"])  # noqa: S311
        kind = random.choice(PLAN["reaction_kinds"])  # noqa: S311
        url = f"/forum/message/{post_id}/reagir/"
        response = self.client.post(
            url,
            data={"csrfmiddlewaretoken": self.session["csrf"], "kind": kind},
            headers={"Referer": self.host + "/forum/"},
            name="réagir",
        )
        if response.history and response.status_code == 200:
            journal({"kind": "reaction", "post": post_id, "user": self.session["user"]})

    @task(2)
    def register_or_cancel(self):
        event = random.choice(PLAN["events"])  # noqa: S311
        page = self.client.get(event, name="événement (connecté)")
        action = "annulation/" if "Annuler mon inscription" in page.text else "inscription/"
        response = self.client.post(
            event + action,
            data={"csrfmiddlewaretoken": self._csrf(page.text), "answer": ""},
            headers={"Referer": self.host + event},
            name="s’inscrire" if action == "inscription/" else "annuler",
        )
        if response.history and response.status_code == 200:
            journal({"kind": action.strip("/"), "event": event, "user": self.session["user"]})


# --- How many GETs the caches answered (X-Cache), per audience: read by loadtest/run.py --------

_cache_counts: dict[str, int] = {}
_cache_lock = threading.Lock()


@events.request.add_listener
def _count_cache(request_type=None, name="", response=None, exception=None, **kwargs):
    if request_type != "GET" or response is None or exception is not None:
        return
    audience = "connecté" if "(connecté)" in name else "anonyme"
    label = response.headers.get("X-Cache") or "aucun"
    with _cache_lock:
        for key in (f"{audience}:{label}", f"page:{name}:{label}"):
            _cache_counts[key] = _cache_counts.get(key, 0) + 1


@events.test_stop.add_listener
def _write_cache_counts(**kwargs):
    path = os.environ.get("LOADTEST_CACHE_COUNTS")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(_cache_counts, handle, ensure_ascii=False)
