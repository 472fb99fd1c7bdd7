"""Pages of every silo and documents with text for the scale data set.

Pages go through ``PageWriter`` (bulk rows, correct tree); documents are
``bulk_create``d rows that share a few stored files, with generated
``extracted_text`` so that search has real text to find."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail.models import Collection

from cms.models import IntranetDocument
from demo import files
from home import models as home
from home.models.news import NewsCategory

from .tree import Node

# Shares of the page budget per silo (the rest of the budget is structure:
# office intranets, workspace pages, their starter pages and news indexes).
SHARES = {"start_news": 0.2, "office": 0.3, "area": 0.2, "workspace": 0.3}
AREA_SHARES = {"forms": 0.25, "instructions": 0.15, "tutorials": 0.05, "content": 0.55}
DOCUMENT_SHARES = {"office": 0.35, "workspace": 0.4, "area": 0.25}
DOCUMENT_KINDS = ("Vorlage", "Protokoll", "Bericht", "Merkblatt")
SAMPLE_FILES = {
    "pdf": lambda: files.pdf_bytes("Musterdokument", ["Beispieltext für den Lasttest."]),
    "docx": lambda: files.docx_bytes("Musterdokument", ["Beispieltext für den Lasttest."]),
    "xlsx": lambda: files.xlsx_bytes("Musterdokument", ["Datum", "Betrag"]),
}


def when(rng, anchor, max_days=1000):
    """A moment up to ``max_days`` before ``anchor``."""
    return anchor - datetime.timedelta(seconds=rng.randrange(max_days * 86400))


def spread(rng, total, buckets, weights=None):
    """Split ``total`` into ``buckets`` parts, by ``weights`` (random if None)."""
    if buckets <= 0:
        return []
    weights = weights or [rng.uniform(0.3, 3.0) for _ in range(buckets)]
    scale = total / sum(weights)
    parts = [int(w * scale) for w in weights]
    for i in range(total - sum(parts)):
        parts[i % buckets] += 1
    return parts


class Content:
    """Writes the silos' pages; ``writer`` flushes whenever it holds a batch."""

    def __init__(self, writer, text, rng, anchor, people, offices, progress=None):
        self.writer, self.text, self.rng, self.anchor = writer, text, rng, anchor
        self.people, self.offices = people, offices
        self.progress = progress

    def _add(self, parent, page):
        node = self.writer.add(parent, page)
        if len(self.writer.pending) >= 5000:
            self._flush()
        return node

    def _flush(self):
        written = self.writer.flush()
        if self.progress and written:
            self.progress(written)

    def news(self, parent, count, office=None):
        """``count`` news articles below a news index."""
        categories = NewsCategory.values
        for _ in range(count):
            title = self.text.title()
            teaser = self.text.paragraph(2)
            self._add(
                parent,
                home.NewsPage(
                    title=title,
                    slug=f"n-{self.rng.getrandbits(40):x}",
                    summary=teaser,
                    teaser=teaser[:400],
                    body=self.text.body(3),
                    category=categories[self.rng.randrange(len(categories))],
                    issuing_office=office or self.text.pick(self.offices),
                    first_published_at=when(self.rng, self.anchor),
                ),
            )

    def content_pages(self, parents, count, prefix="s"):
        """``count`` content pages below ``parents``; a third of them become
        parents of later ones, so subtrees nest a few levels deep."""
        parents = list(parents)
        for number in range(count):
            title = f"{self.text.topic()} – {self.text.pick(('Überblick', 'Regeln', 'Ablauf'))}"
            node = self._add(
                self.text.pick(parents),
                home.ContentPage(
                    title=title,
                    slug=f"{prefix}-{number}",
                    summary=self.text.sentence(),
                    body=self.text.body(3),
                ),
            )
            if number % 3 == 0 and node.depth < 9:
                parents.append(node)

    def start_news(self, news_index, count):
        self.news(Node.of(news_index), count)
        self._flush()

    def office_silo(self, intranets, count):
        """News indexes with news, and content pages, in every office intranet."""
        budgets = spread(self.rng, count, len(intranets))
        for number, (office, node) in enumerate(intranets.items()):
            budget = budgets[number]
            if budget < 1:
                continue
            news_count = max(budget // 2, 1)
            index = self._add(
                node,
                home.NewsIndexPage(
                    title="Nachrichten", slug="nachrichten", summary=f"Neues aus {office.name}."
                ),
            )
            self.news(index, max(news_count - 1, 0), office=office)
            self.content_pages([node], budget - news_count, prefix=f"o{number}")
        self._flush()

    def area_silo(self, form_index, instruction_index, help_index, areas, count):
        """Forms, service instructions, tutorials and content pages of the areas."""
        parts = {name: int(count * share) for name, share in AREA_SHARES.items()}
        parts["content"] = count - parts["forms"] - parts["instructions"] - parts["tutorials"]
        forms_node, instr_node = Node.of(form_index), Node.of(instruction_index)
        form_nodes = []
        for number in range(1, parts["forms"] + 1):
            responsible, deputy = self.rng.sample(self.people, 2)
            form_nodes.append(
                self._add(
                    forms_node,
                    home.FormPage(
                        title=f"{self.text.topic()}: {self.text.pick(('Antrag', 'Meldung'))}",
                        slug=f"formular-s{number}",
                        summary=self.text.sentence(),
                        number=f"S-{number:05d}",
                        issuing_office=self.text.pick(self.offices),
                        responsible=responsible,
                        deputy=deputy,
                        version_date=when(self.rng, self.anchor).date(),
                        instructions=self.text.body(1),
                    ),
                )
            )
        statuses = home.ServiceInstructionPage.Status.values
        for number in range(1, parts["instructions"] + 1):
            responsible, deputy = self.rng.sample(self.people, 2)
            status = statuses[0] if self.rng.random() < 0.8 else self.text.pick(statuses[1:])
            self._add(
                instr_node,
                home.ServiceInstructionPage(
                    title=f"Dienstanweisung {self.text.topic()}",
                    slug=f"dienstanweisung-s{number}",
                    summary=self.text.sentence(),
                    number=f"SDA-{number:05d}",
                    issuing_office=self.text.pick(self.offices),
                    responsible=responsible,
                    deputy=deputy,
                    valid_from=when(self.rng, self.anchor).date(),
                    status=status,
                    body=self.text.body(4),
                ),
            )
        audiences = home.TutorialPage.Audience.values
        for number in range(1, parts["tutorials"] + 1):
            steps = [
                {
                    "type": "step",
                    "id": f"t{number}-{i}",
                    "value": {
                        "title": self.text.title()[:80],
                        "text": f"<p>{self.text.paragraph(2)}</p>",
                        "media": [],
                    },
                }
                for i in range(3)
            ]
            self._add(
                Node.of(help_index),
                home.TutorialPage(
                    title=f"Anleitung: {self.text.topic()}",
                    slug=f"anleitung-s{number}",
                    summary=self.text.sentence(),
                    audience=self.text.pick(audiences),
                    duration_minutes=5 + self.rng.randrange(30),
                    steps=steps,
                ),
            )
        self.content_pages([Node.of(area) for area in areas], parts["content"], prefix="a")
        self._flush()
        return form_nodes

    def workspace_silo(self, workspaces, count):
        """Content pages below each workspace page and its starter pages."""
        budgets = spread(self.rng, count, len(workspaces))
        for number, workspace in enumerate(workspaces):
            self.content_pages(workspace.starter_nodes, budgets[number], prefix=f"w{number}")
        self._flush()


def store_sample_files():
    """The few stored files every generated document points at:
    ``{extension: (name, size, sha1)}``; written once, reused on re-runs."""
    stored = {}
    for extension, make in SAMPLE_FILES.items():
        data = make()
        name = f"documents/scale/musterdokument.{extension}"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(data))
        stored[extension] = (name, len(data), hashlib.sha1(data).hexdigest())
    return stored


def build_documents(text, rng, anchor, count, collections, people, progress=None):
    """``count`` documents spread over the office, workspace and area
    collections (``{silo: [Collection]}``), each with 150–600 words of text.
    Returns the documents of the area collections (for form files)."""
    stored = store_sample_files()
    extensions = list(stored)
    area_docs = []
    parts = {silo: int(count * share) for silo, share in DOCUMENT_SHARES.items()}
    parts["area"] += count - sum(parts.values())
    batch = []
    for silo, amount in parts.items():
        targets = collections[silo] or [Collection.get_first_root_node()]
        for _ in range(amount):
            extension = text.pick(extensions)
            name, size, sha1 = stored[extension]
            doc = IntranetDocument(
                title=f"{text.topic()} – {text.pick(DOCUMENT_KINDS)}",
                file=name,
                file_size=size,
                file_hash=sha1,
                collection=text.pick(targets),
                uploaded_by_user=text.pick(people),
                extracted_text=text.words(150 + rng.randrange(450)),
            )
            batch.append(doc)
            if silo == "area":
                area_docs.append(doc)
            if len(batch) >= 2000:
                IntranetDocument.objects.bulk_create(batch)
                if progress:
                    progress(len(batch))
                batch = []
    if batch:
        IntranetDocument.objects.bulk_create(batch)
        if progress:
            progress(len(batch))
    return area_docs


def attach_form_files(rng, form_nodes, documents):
    """One file per generated form, as the register shows it."""
    if not documents:
        return 0
    rows = [
        home.FormFile(
            page_id=node.pk, document=documents[rng.randrange(len(documents))], label="PDF"
        )
        for node in form_nodes
    ]
    for row in rows:
        row.sort_order = 0
    home.FormFile.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
