"""Load for the city benchmark, run by locust headless in its own process.

The driver writes ``BENCH_FIXTURE`` (JSON): people with a session key and an
API token each, the workspaces they may write to, news URLs, search terms,
and the engine request bodies of each query (trimmed as our endpoint sends
it, and untrimmed). Two user classes, chosen with ``--class-picker``-free
``BENCH_PHASE``:

- ``paired`` (``PairUser``): every request pair of the ratio table in turn,
  same user, same data, interleaved so machine noise hits both sides alike;
- ``mixed`` (``MixedUser``): 70 % start page and news, 20 % search, 10 %
  workspace actions (upload, new thread, reply)."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

FIXTURE = json.loads(open(os.environ["BENCH_FIXTURE"]).read())  # noqa: SIM115
PHASE = os.environ.get("BENCH_PHASE", "mixed")
ENGINE = FIXTURE["engine_url"]
_people = itertools.cycle(FIXTURE["people"])
_pdf = FIXTURE["upload_pdf"].encode("latin-1")


class Base(HttpUser):
    abstract = True

    def on_start(self):
        self.person = next(_people)
        self.rng = random.Random(self.person["id"])
        self.cookies = {"sessionid": self.person["session"]}
        self.api = {"Authorization": f"Bearer {self.person['token']}"}

    def page(self, url, name):
        with self.client.get(url, cookies=self.cookies, name=name, catch_response=True) as r:
            if r.status_code != 200 or "Abmelden" not in r.text:
                r.failure(f"{r.status_code}, signed in: {'Abmelden' in r.text}")

    def api_get(self, url, name):
        with self.client.get(url, headers=self.api, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(str(r.status_code))
            return r

    def engine(self, body, name):
        with self.client.post(f"{ENGINE}/_search", json=body, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(str(r.status_code))


class PairUser(Base):
    """One request of every kind in turn (the ratio table)."""

    wait_time = between(0, 0)
    weight = 1 if PHASE == "paired" else 0

    @task
    def cycle(self):
        term = self.rng.choice(FIXTURE["terms"])
        bodies = FIXTURE["bodies"][str(self.person["id"])][term]
        self.api_get("/api/v2/pages/?limit=20", "listing: ours")
        self.api_get("/api/bench-stock/v2/pages/?limit=20", "listing: stock")
        self.api_get(f"/api/v2/search/?q={term}", "search: ours")
        self.engine(bodies["untrimmed"], "search: engine untrimmed")
        self.engine(bodies["trimmed"], "search: engine trimmed")
        if FIXTURE.get("stock_search"):
            self.api_get(f"/api/bench-stock/v2/pages/?search={term}&limit=20", "search: stock")
        self.page("/", "start page: ours")
        self.page("/bench/floor/", "start page: floor")


class MixedUser(Base):
    """200 of these for 5 minutes: the mixed load of the issue."""

    wait_time = between(*[float(x) for x in os.environ.get("BENCH_WAIT", "5,15").split(",")])
    weight = 1 if PHASE == "mixed" else 0

    @task(40)
    def start_page(self):
        self.page("/", "mixed: start page")

    @task(15)
    def news_index(self):
        self.page(FIXTURE["news_index"], "mixed: news index")

    @task(15)
    def news_article(self):
        self.page(self.rng.choice(FIXTURE["news"]), "mixed: news article")

    @task(20)
    def search(self):
        term = self.rng.choice(FIXTURE["terms"])
        self.api_get(f"/api/v2/search/?q={term}", "mixed: search")

    @task(10)
    def workspace_action(self):
        spaces = self.person["writable"]
        if not spaces:
            self.page("/arbeitsraeume/", "mixed: workspace list")
            return
        space = self.rng.choice(spaces)
        action = self.rng.choice(("page", "upload", "thread", "reply"))
        if action == "page":
            self.page(space["url"], "mixed: workspace page")
        elif action == "upload":
            files = {"file": (f"bericht-{self.rng.randrange(10**6)}.pdf", _pdf, "application/pdf")}
            with self.client.post(
                f"/api/v2/workspaces/{space['id']}/documents/",
                headers=self.api,
                files=files,
                data={"title": "Lasttest-Bericht"},
                name="mixed: upload",
                catch_response=True,
            ) as r:
                if r.status_code != 201:
                    r.failure(f"{r.status_code} {r.text[:200]}")
        else:
            self.post_in_thread(space, action)

    def post_in_thread(self, space, action):
        base = f"/api/v2/workspaces/{space['id']}/threads/"
        threads = space.setdefault("threads", [])
        if action == "thread" or not threads:
            with self.client.post(
                base,
                headers=self.api,
                json={"title": "Abstimmung Lasttest", "body": "Bitte bis Freitag rückmelden."},
                name="mixed: new thread",
                catch_response=True,
            ) as r:
                if r.status_code != 201:
                    r.failure(f"{r.status_code} {r.text[:200]}")
                    return
                threads.append(r.json()["id"])
            return
        with self.client.post(
            f"{base}{self.rng.choice(threads)}/posts/",
            headers=self.api,
            json={"body": "Danke, passt so."},
            name="mixed: reply",
            catch_response=True,
        ) as r:
            if r.status_code != 201:
                r.failure(f"{r.status_code} {r.text[:200]}")
