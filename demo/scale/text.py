"""Deterministic German filler text for the scale data set: names, titles,
paragraphs and document text, all drawn from one ``random.Random``.

The words are the vocabulary of a city administration so that search
queries in the benchmark ("Antrag", "Kita", "Haushalt" …) hit a realistic
share of the corpus, with German compounds for the analyzer to split."""

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Emma",
    "Felix",
    "Greta",
    "Hannah",
    "Ida",
    "Jonas",
    "Karin",
    "Lukas",
    "Marie",
    "Nils",
    "Olga",
    "Paul",
    "Rita",
    "Sven",
    "Tanja",
    "Uwe",
    "Vera",
    "Wolfgang",
    "Yvonne",
    "Zoe",
    "Andreas",
    "Birgit",
    "Christian",
    "Doris",
    "Erik",
    "Frieda",
    "Georg",
    "Heike",
    "Ingo",
    "Julia",
    "Klaus",
    "Lena",
    "Martin",
    "Nina",
    "Oliver",
    "Petra",
    "Ralf",
    "Sabine",
    "Thomas",
    "Ulrike",
    "Volker",
    "Werner",
    "Anja",
    "Bernd",
    "Claudia",
    "Dieter",
    "Elke",
    "Frank",
    "Gisela",
    "Holger",
    "Irene",
    "Jürgen",
    "Katrin",
    "Lars",
    "Monika",
    "Norbert",
    "Ottilie",
    "Peter",
    "Renate",
    "Stefan",
    "Ursula",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
]

# Topics of a city administration: (noun, compound parts) pairs are not
# needed; compounds are written out so the decompounder has work to do.
TOPICS = [
    "Haushalt",
    "Digitalisierung",
    "Personalversammlung",
    "Baustelle",
    "Kindertagesstätte",
    "Kita",
    "Bürgerbüro",
    "Friedhof",
    "Straßenreinigung",
    "Grünflächenamt",
    "Jugendhilfe",
    "Sozialhilfe",
    "Wohngeld",
    "Bauantrag",
    "Baugenehmigung",
    "Gewerbeanmeldung",
    "Meldebescheinigung",
    "Personalausweis",
    "Reisepass",
    "Fahrzeugzulassung",
    "Parkausweis",
    "Sondernutzung",
    "Veranstaltung",
    "Brandschutz",
    "Arbeitsschutz",
    "Gesundheitsmanagement",
    "Fortbildung",
    "Dienstreise",
    "Reisekostenabrechnung",
    "Urlaubsantrag",
    "Telearbeit",
    "Homeoffice",
    "Arbeitszeiterfassung",
    "Zeiterfassung",
    "Beschaffung",
    "Vergabe",
    "Ausschreibung",
    "Datenschutz",
    "Informationssicherheit",
    "Passwortrichtlinie",
    "E-Akte",
    "Dokumentenmanagement",
    "Rechnungseingang",
    "Mahnwesen",
    "Steuerbescheid",
    "Grundsteuer",
    "Gewerbesteuer",
    "Hundesteuer",
    "Stadtentwicklung",
    "Bebauungsplan",
    "Verkehrsplanung",
    "Radverkehr",
    "Nahverkehr",
    "Klimaschutz",
    "Energiesparen",
    "Abfallwirtschaft",
    "Wertstoffhof",
    "Schulentwicklung",
    "Ganztagsschule",
    "Bibliothek",
    "Museum",
    "Volkshochschule",
    "Sportstätten",
    "Schwimmbad",
    "Feuerwehr",
    "Rettungsdienst",
    "Katastrophenschutz",
    "Ordnungsamt",
    "Gewerbeaufsicht",
    "Lebensmittelkontrolle",
    "Standesamt",
    "Eheschließung",
    "Geburtsurkunde",
    "Einbürgerung",
    "Ausländerbehörde",
    "Integrationskurs",
    "Wahlhelfer",
    "Kommunalwahl",
    "Ratsinformation",
    "Ausschusssitzung",
    "Personalrat",
    "Gleichstellung",
    "Schwerbehindertenvertretung",
    "Ausbildung",
    "Praktikum",
    "Stellenausschreibung",
    "Bewerbungsverfahren",
    "Onboarding",
    "Betriebssport",
]
ACTIONS = [
    "Neuregelung",
    "Hinweise",
    "Änderung",
    "Umstellung",
    "Einführung",
    "Ergebnisse",
    "Termine",
    "Leitfaden",
    "Checkliste",
    "Übersicht",
    "Fragen und Antworten",
    "Rundschreiben",
    "Merkblatt",
    "Verfahrensbeschreibung",
    "Zuständigkeiten",
    "Ansprechpersonen",
    "Schulung",
    "Pilotprojekt",
]
PLACES = [
    "im Rathaus",
    "im Technischen Rathaus",
    "in der Stadtbibliothek",
    "im Bürgerbüro Nord",
    "im Verwaltungsgebäude Süd",
    "in allen Ämtern",
    "in der Kernverwaltung",
    "im Betriebshof",
    "in den Kitas",
    "an den Schulen",
    "im Stadtteil West",
    "für alle Beschäftigten",
]
VERBS = [
    "gilt ab sofort",
    "wird überarbeitet",
    "ist abgeschlossen",
    "beginnt im nächsten Monat",
    "wird digital bearbeitet",
    "ist im Intranet abrufbar",
    "wird vom Personalrat begleitet",
    "ersetzt die bisherige Regelung",
    "wird schrittweise eingeführt",
    "ist verbindlich",
]
SENTENCES = (
    "Die {topic} {verb}.",
    "Für Fragen zur {topic} steht das zuständige Amt {place} zur Verfügung.",
    "Bitte beachten Sie die {action} zur {topic} {place}.",
    "Die {action} betrifft vor allem die {topic} und die {topic2}.",
    "Anträge zur {topic} werden künftig über das Portal gestellt; die {topic2} {verb}.",
    "Die Dienststelle {place} informiert über die {action} zur {topic}.",
    "Im Rahmen der {topic2} {verb}: Details stehen in der {action}.",
    "Alle Beschäftigten {place} erhalten eine {action} zur {topic}.",
)


class Text:
    """Filler text drawn from ``rng`` (a ``random.Random``): same seed, same text."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, items):
        """One element of ``items``."""
        return items[self.rng.randrange(len(items))]

    def name(self):
        """``(first, last)``."""
        return self.pick(FIRST_NAMES), self.pick(LAST_NAMES)

    def title(self):
        """A headline such as "Bauantrag: Neuregelung im Rathaus"."""
        return f"{self.pick(TOPICS)}: {self.pick(ACTIONS)} {self.pick(PLACES)}"

    def topic(self):
        """One topic word."""
        return self.pick(TOPICS)

    def sentence(self):
        """One sentence."""
        return self.pick(SENTENCES).format(
            topic=self.pick(TOPICS),
            topic2=self.pick(TOPICS),
            action=self.pick(ACTIONS),
            place=self.pick(PLACES),
            verb=self.pick(VERBS),
        )

    def paragraph(self, sentences=3):
        """A few sentences."""
        return " ".join(self.sentence() for _ in range(sentences))

    def words(self, count):
        """Running text of about ``count`` words (document contents)."""
        out, total = [], 0
        while total < count:
            sentence = self.sentence()
            out.append(sentence)
            total += sentence.count(" ") + 1
        return " ".join(out)

    def body(self, paragraphs=3, block_id=None):
        """A raw StreamField value: paragraphs with a heading after the first."""
        blocks = [{"type": "paragraph", "value": f"<p>{self.paragraph()}</p>"}]
        blocks.append({"type": "heading", "value": {"text": self.title()[:80], "level": "h2"}})
        for _ in range(paragraphs - 1):
            blocks.append({"type": "paragraph", "value": f"<p>{self.paragraph()}</p>"})
        for number, block in enumerate(blocks):
            block["id"] = f"{block_id or 'b'}-{number}"
        return blocks
