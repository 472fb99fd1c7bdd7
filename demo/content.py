"""The German demo data of the city intranet as plain Python structures.

Natural keys: ``code`` for units, ``username`` for people, ``slug`` (below
its parent) for pages, ``key`` for images and documents. ``seed_demo`` looks
everything up by these keys, so changing a text here updates it on the next
run instead of creating a duplicate."""

# --- organisation --------------------------------------------------------------

# (code, name, short_name, kind, parent code, e-mail local part, phone)
UNITS = [
    (
        "dez-1",
        "Dezernat I – Allgemeine Verwaltung",
        "Dez. I",
        "department",
        None,
        "dezernat1",
        "0123 456-1000",
    ),
    (
        "dez-2",
        "Dezernat II – Finanzen und Ordnung",
        "Dez. II",
        "department",
        None,
        "dezernat2",
        "0123 456-2000",
    ),
    (
        "dez-3",
        "Dezernat III – Bildung, Jugend und Soziales",
        "Dez. III",
        "department",
        None,
        "dezernat3",
        "0123 456-3000",
    ),
    (
        "dez-4",
        "Dezernat IV – Gesundheit und Umwelt",
        "Dez. IV",
        "department",
        None,
        "dezernat4",
        "0123 456-4000",
    ),
    (
        "dez-5",
        "Dezernat V – Planen und Bauen",
        "Dez. V",
        "department",
        None,
        "dezernat5",
        "0123 456-5000",
    ),
    ("amt-10", "Hauptamt", "Amt 10", "office", "dez-1", "hauptamt", "0123 456-1010"),
    ("amt-11", "Personalamt", "Amt 11", "office", "dez-1", "personalamt", "0123 456-1110"),
    (
        "amt-12",
        "Amt für Digitalisierung und IT",
        "Amt 12",
        "office",
        "dez-1",
        "it",
        "0123 456-1210",
    ),
    (
        "amt-13",
        "Presse- und Öffentlichkeitsarbeit",
        "Amt 13",
        "office",
        "dez-1",
        "presse",
        "0123 456-1310",
    ),
    ("amt-20", "Kämmerei", "Amt 20", "office", "dez-2", "kaemmerei", "0123 456-2010"),
    ("amt-32", "Ordnungsamt", "Amt 32", "office", "dez-2", "ordnungsamt", "0123 456-3210"),
    ("amt-40", "Schulverwaltungsamt", "Amt 40", "office", "dez-3", "schulen", "0123 456-4010"),
    ("amt-50", "Sozialamt", "Amt 50", "office", "dez-3", "sozialamt", "0123 456-5010"),
    ("amt-51", "Jugendamt", "Amt 51", "office", "dez-3", "jugendamt", "0123 456-5110"),
    ("amt-53", "Gesundheitsamt", "Amt 53", "office", "dez-4", "gesundheitsamt", "0123 456-5310"),
    ("amt-61", "Stadtplanungsamt", "Amt 61", "office", "dez-5", "stadtplanung", "0123 456-6110"),
    ("amt-63", "Bauordnungsamt", "Amt 63", "office", "dez-5", "bauordnung", "0123 456-6310"),
    ("amt-66", "Tiefbauamt", "Amt 66", "office", "dez-5", "tiefbau", "0123 456-6610"),
    (
        "abt-11-1",
        "Personalservice und Entgelt",
        "11.1",
        "division",
        "amt-11",
        "personalservice",
        "0123 456-1120",
    ),
    ("abt-12-1", "IT-Betrieb", "12.1", "division", "amt-12", "it-betrieb", "0123 456-1220"),
    (
        "abt-12-2",
        "E-Government und Digitalisierung",
        "12.2",
        "division",
        "amt-12",
        "egov",
        "0123 456-1230",
    ),
    ("sg-12-1-1", "Service Desk", "12.1.1", "team", "abt-12-1", "servicedesk", "0123 456-1234"),
    ("abt-51-1", "Soziale Dienste", "51.1", "division", "amt-51", "asd", "0123 456-5120"),
    ("abt-51-2", "Kindertagesbetreuung", "51.2", "division", "amt-51", "kita", "0123 456-5130"),
    ("sg-32-1", "Kommunaler Ordnungsdienst", "32.1", "team", "amt-32", "kod", "0123 456-3220"),
]

# Demo accounts (design.md) and further named employees. Fields:
# username, first name, last name, superuser, groups, [(unit code, function)].
DEMO_USERS = [
    ("admin", "Anna", "Administrator", True, [], [("amt-12", "member")]),
    ("redaktion", "Claudia", "Becker", False, ["Zentrale Redaktion"], [("amt-13", "editor")]),
    ("redakteur", "Jonas", "Wagner", False, ["Redaktion dezentral"], [("amt-12", "editor")]),
    ("mitarbeiter", "Max", "Mustermann", False, [], [("amt-20", "member")]),
    ("jugendamt", "Sabine", "Krüger", False, [], [("amt-51", "member")]),
    ("ordnungsamt", "Thomas", "Schmitt", False, [], [("amt-32", "member")]),
]
EMPLOYEES = [
    ("m.hoffmann", "Monika", "Hoffmann", False, [], [("amt-10", "head")]),
    ("s.richter", "Stefan", "Richter", False, [], [("amt-10", "deputy")]),
    ("p.schulz", "Petra", "Schulz", False, [], [("amt-11", "head")]),
    ("a.koch", "Andreas", "Koch", False, [], [("abt-11-1", "head"), ("amt-11", "deputy")]),
    ("k.neumann", "Katrin", "Neumann", False, [], [("amt-12", "head")]),
    ("d.zimmermann", "Daniel", "Zimmermann", False, [], [("abt-12-1", "head")]),
    ("l.braun", "Lena", "Braun", False, [], [("amt-13", "head")]),
    ("f.weber", "Frank", "Weber", False, [], [("amt-20", "head")]),
    ("j.hartmann", "Julia", "Hartmann", False, [], [("amt-20", "deputy")]),
    ("u.lange", "Uwe", "Lange", False, [], [("amt-32", "head")]),
    ("b.schmitz", "Birgit", "Schmitz", False, [], [("amt-40", "head")]),
    ("r.krause", "Ralf", "Krause", False, [], [("amt-50", "head")]),
    ("c.meier", "Christina", "Meier", False, [], [("amt-51", "head")]),
    ("h.wolf", "Heike", "Wolf", False, [], [("amt-53", "head")]),
    ("t.schaefer", "Tobias", "Schäfer", False, [], [("amt-61", "head")]),
    ("n.keller", "Nicole", "Keller", False, [], [("amt-63", "head")]),
    ("o.berger", "Oliver", "Berger", False, [], [("amt-66", "head")]),
    ("i.fischer", "Ines", "Fischer", False, [], [("amt-10", "member")]),
]

# --- images and documents --------------------------------------------------------

# key: (title, alt text, colour, label on the picture)
IMAGES = {
    "rathaus": (
        "Rathaus im Frühling",
        "Das Rathaus mit blühenden Bäumen auf dem Vorplatz",
        "#2f6f4f",
        "Rathaus",
    ),
    "laptop": (
        "Neue Notebooks",
        "Ein aufgeklapptes Notebook auf einem Schreibtisch im Büro",
        "#1d4e89",
        "IT-Ausstattung",
    ),
    "gesundheitstag": (
        "Gesundheitstag",
        "Beschäftigte beim Rückentraining im Foyer des Rathauses",
        "#b5442f",
        "Gesundheitstag",
    ),
    "baustelle": (
        "Baustelle Hauptstraße",
        "Absperrung und Bagger auf der Hauptstraße",
        "#c17d11",
        "Baustelle",
    ),
    "kita": (
        "Kita Sonnenblume",
        "Spielplatz einer städtischen Kindertagesstätte",
        "#d4a017",
        "Kita",
    ),
    "schule": (
        "Schulsanierung",
        "Frisch gestrichener Klassenraum mit neuen Tischen",
        "#6a4c93",
        "Schule",
    ),
    "anmeldung": (
        "Anmeldemaske",
        "Bildschirmfoto der Anmeldeseite des Intranets",
        "#374151",
        "Anmeldung",
    ),
    "formular": (
        "Formularsuche",
        "Bildschirmfoto der Formularsuche mit Filter nach Amt",
        "#0f766e",
        "Formulare",
    ),
    "editor": (
        "Seiteneditor",
        "Bildschirmfoto des Editors mit der Schaltfläche Zur Freigabe einreichen",
        "#7c2d12",
        "Redaktion",
    ),
    "alttext": (
        "Alternativtext-Feld",
        "Bildschirmfoto des Upload-Dialogs mit dem Feld Alternativtext",
        "#1e3a8a",
        "Alternativtext",
    ),
}

# --- start page ----------------------------------------------------------------

WELCOME = (
    "<p>Willkommen im <b>Intranet der Stadtverwaltung</b>. Hier finden Sie Nachrichten "
    "aus allen Ämtern, Formulare, Dienstanweisungen und Ansprechpersonen – "
    "auch unterwegs auf dem Smartphone.</p>"
)
TOP_STORIES = ["neue-notebooks-fuer-alle-aemter", "gesundheitstag-2026", "personalversammlung"]
# (kind, text, show_until in days from the day of seeding or None)
NOTICES = [
    (
        "warning",
        "<p>Wartungsarbeiten: Am Samstag ist das Fachverfahren für Personal "
        "zwischen 8 und 14 Uhr nicht erreichbar.</p>",
        14,
    ),
    (
        "info",
        '<p>Fragen zum Intranet? Schreiben Sie an <a href="mailto:intranet@stadt.example">'
        "intranet@stadt.example</a>.</p>",
        None,
    ),
]
# Slugs of forms that the quick links point to.
QUICK_LINKS = [
    "urlaubsantrag",
    "antrag-auf-dienstreise",
    "reisekostenabrechnung",
    "zeitkorrektur",
    "antrag-auf-fortbildung",
    "homeoffice-vereinbarung",
    "bestellung-bueromaterial",
    "meldung-arbeitsunfall",
    "krankmeldung",
    "aenderung-bankverbindung",
]
# (title, days from the day of seeding, time "HH:MM" or None, place)
DATES = [
    ("Personalversammlung", 3, "09:00", "Ratssaal"),
    ("Sprechstunde des Personalrats", 5, "13:30", "Raum 1.14"),
    ("Schulung: Nachrichten schreiben im Intranet", 8, "10:00", "Schulungsraum 2 und online"),
    ("Gesundheitstag", 12, "09:00", "Foyer des Rathauses"),
    ("Abgabefrist Haushaltsanmeldungen", 16, None, "Kämmerei"),
    ("Betriebsausflug", 30, "08:00", "Treffpunkt Busbahnhof"),
]

# --- news ------------------------------------------------------------------------

# state: published (through the workflow), draft, moderation, rejected,
# scheduled (goes live in ``days`` days), expired (published ``days`` ago, expired).
NEWS = [
    {
        "slug": "neue-notebooks-fuer-alle-aemter",
        "office": "amt-12",
        "category": "it",
        "title": "Neue Notebooks für alle Ämter",
        "tags": ["IT", "Arbeitsplatz"],
        "image": "laptop",
        "teaser": "Bis zum Sommer erhalten alle Büroarbeitsplätze neue Notebooks mit "
        "Dockingstation. "
        "Der Austausch beginnt im Hauptamt.",
        "heading": "So läuft der Austausch",
        "text": [
            "Das Amt für Digitalisierung und IT tauscht in den nächsten Monaten rund 1.200 "
            "Arbeitsplatzrechner gegen Notebooks aus. Damit wird mobiles Arbeiten einfacher.",
            "Sie erhalten zwei Wochen vorher eine E-Mail mit Ihrem Termin. Bitte speichern Sie "
            "lokale Dateien bis dahin auf dem Netzlaufwerk.",
        ],
        "notice": ("info", "Fragen beantwortet der Service Desk unter Tel. 1234."),
        "state": "published",
        "days": 2,
    },
    {
        "slug": "gesundheitstag-2026",
        "office": "amt-11",
        "category": "health",
        "title": "Gesundheitstag im Rathaus",
        "tags": ["Gesundheit", "Veranstaltung"],
        "image": "gesundheitstag",
        "teaser": "Rückencheck, Sehtest und Stressbewältigung: Der Gesundheitstag bietet "
        "Mitmachangebote für alle Beschäftigten.",
        "heading": "Das Programm",
        "text": [
            "Das Personalamt lädt gemeinsam mit dem Gesundheitsamt und der Krankenkasse zum "
            "Gesundheitstag ins Foyer des Rathauses ein.",
            "Die Teilnahme gilt als Arbeitszeit. Bitte stimmen Sie sich mit Ihrer "
            "Führungskraft ab.",
        ],
        "notice": ("important", "Für den Sehtest ist eine Anmeldung im Personalamt nötig."),
        "state": "published",
        "days": 4,
    },
    {
        "slug": "personalversammlung",
        "office": "amt-10",
        "category": "staff",
        "title": "Einladung zur Personalversammlung",
        "tags": ["Personalrat"],
        "image": "rathaus",
        "teaser": "Der Personalrat lädt zur jährlichen Personalversammlung in den Ratssaal ein. "
        "Der Oberbürgermeister berichtet zur Haushaltslage.",
        "heading": "Tagesordnung",
        "text": [
            "Auf der Tagesordnung stehen der Tätigkeitsbericht des Personalrats, die "
            "Dienstvereinbarung zum mobilen Arbeiten und Fragen der Beschäftigten.",
            "Die Versammlung wird für Außenstellen per Video übertragen.",
        ],
        "state": "published",
        "days": 5,
    },
    {
        "slug": "haushalt-2027-eckwerte",
        "office": "amt-20",
        "category": "organisation",
        "title": "Haushalt 2027: Eckwerte beschlossen",
        "tags": ["Haushalt", "Finanzen"],
        "teaser": "Der Verwaltungsvorstand hat die Eckwerte für den Haushalt 2027 beschlossen. "
        "Die Ämter melden ihre Ansätze bis Ende des Monats.",
        "heading": "Was die Ämter jetzt tun müssen",
        "text": [
            "Die Kämmerei hat die Vorlagen für die Haushaltsanmeldung im Formularverzeichnis "
            "bereitgestellt. Bitte verwenden Sie ausschließlich die aktuelle Fassung.",
            "Für Rückfragen stehen die Haushaltssachbearbeiterinnen und -sachbearbeiter der "
            "Kämmerei zur Verfügung.",
        ],
        "state": "published",
        "days": 7,
    },
    {
        "slug": "kommunaler-ordnungsdienst-verstaerkt",
        "office": "amt-32",
        "category": "city",
        "title": "Kommunaler Ordnungsdienst wird verstärkt",
        "tags": ["Ordnung", "Personal"],
        "teaser": "Acht neue Kolleginnen und Kollegen verstärken ab sofort den Kommunalen "
        "Ordnungsdienst in der Innenstadt.",
        "heading": "Neue Dienstzeiten",
        "text": [
            "Der Ordnungsdienst ist künftig auch am Wochenende bis 22 Uhr in der Innenstadt "
            "unterwegs.",
            "Die neuen Beschäftigten haben ihre Grundausbildung an der Landesschule abgeschlossen.",
        ],
        "state": "published",
        "days": 9,
    },
    {
        "slug": "kita-sonnenblume-eroeffnet",
        "office": "amt-51",
        "category": "city",
        "title": "Kita Sonnenblume eröffnet",
        "tags": ["Kita", "Jugend"],
        "image": "kita",
        "teaser": "Mit 75 Plätzen hat die neue städtische Kita Sonnenblume im Nordviertel ihren "
        "Betrieb aufgenommen.",
        "heading": "Fachkräfte gesucht",
        "text": [
            "Das Jugendamt hat die Einrichtung in nur 18 Monaten geplant und gebaut.",
            "Für die Kita werden weiterhin pädagogische Fachkräfte gesucht. Hinweise auf "
            "interessierte Bewerberinnen und Bewerber nimmt das Personalamt gern entgegen.",
        ],
        "state": "published",
        "days": 11,
    },
    {
        "slug": "schulsanierung-sommerferien",
        "office": "amt-40",
        "category": "city",
        "title": "Sanierung von drei Grundschulen in den Sommerferien",
        "tags": ["Schule", "Bau"],
        "image": "schule",
        "teaser": "In den Sommerferien werden drei Grundschulen saniert. Das Schulverwaltungsamt "
        "koordiniert die Arbeiten mit dem Tiefbauamt.",
        "heading": "Betroffene Schulen",
        "text": [
            "Betroffen sind die Grundschulen Am Park, Lindenweg und Nordviertel.",
            "Die Arbeiten sollen bis zum Schulbeginn abgeschlossen sein.",
        ],
        "state": "published",
        "days": 13,
    },
    {
        "slug": "hitzeschutz-am-arbeitsplatz",
        "office": "amt-53",
        "category": "health",
        "title": "Hitzeschutz am Arbeitsplatz",
        "tags": ["Gesundheit", "Arbeitsschutz"],
        "teaser": "Das Gesundheitsamt gibt Tipps für heiße Tage: trinken, lüften, "
        "Gleitzeit nutzen.",
        "heading": "Tipps für heiße Tage",
        "text": [
            "Lüften Sie früh am Morgen und schließen Sie tagsüber die Jalousien.",
            "Trinkwasserspender stehen in allen Dienstgebäuden bereit.",
        ],
        "notice": ("warning", "Bei Kreislaufproblemen wenden Sie sich an die Ersthelfenden."),
        "state": "published",
        "days": 15,
    },
    {
        "slug": "buergerbeteiligung-innenstadt",
        "office": "amt-61",
        "category": "city",
        "title": "Bürgerbeteiligung zur Innenstadt gestartet",
        "tags": ["Stadtplanung", "Beteiligung"],
        "teaser": "Wie soll die Innenstadt 2040 aussehen? Das Stadtplanungsamt lädt zur "
        "Beteiligung ein – auch die Beschäftigten.",
        "heading": "Mitmachen",
        "text": [
            "Auf der Beteiligungsplattform können Ideen bis Ende des Quartals eingereicht werden.",
            "Eine Ausstellung im Foyer zeigt die ersten Entwürfe.",
        ],
        "state": "published",
        "days": 18,
    },
    {
        "slug": "digitaler-bauantrag",
        "office": "amt-63",
        "category": "it",
        "title": "Der Bauantrag wird digital",
        "tags": ["Digitalisierung", "Bau", "OZG"],
        "teaser": "Bauanträge können ab sofort vollständig online gestellt werden. Das "
        "Bauordnungsamt bearbeitet sie in der digitalen Akte.",
        "heading": "Was sich für die Sachbearbeitung ändert",
        "text": [
            "Papierakten werden für neue Anträge nicht mehr angelegt.",
            "Schulungen für die Sachbearbeitung bietet das Amt für Digitalisierung und IT an.",
        ],
        "state": "published",
        "days": 21,
    },
    {
        "slug": "baustelle-hauptstrasse",
        "office": "amt-66",
        "category": "city",
        "title": "Baustelle Hauptstraße: Zufahrt zum Rathaus",
        "tags": ["Verkehr", "Bau"],
        "image": "baustelle",
        "teaser": "Wegen Kanalarbeiten ist die Hauptstraße bis Oktober halbseitig gesperrt. Die "
        "Tiefgarage bleibt erreichbar.",
        "heading": "Umleitung",
        "text": [
            "Die Zufahrt zur Tiefgarage erfolgt über die Schillerstraße.",
            "Dienstfahrzeuge nutzen bitte den Hof des Verwaltungsgebäudes II.",
        ],
        "state": "published",
        "days": 24,
    },
    {
        "slug": "wohngeld-neue-fristen",
        "office": "amt-50",
        "category": "organisation",
        "title": "Wohngeld: Neue Bearbeitungsfristen",
        "tags": ["Soziales"],
        "teaser": "Das Sozialamt bearbeitet Wohngeldanträge künftig in festen Fristen. Ein neues "
        "Fachverfahren hilft dabei.",
        "heading": "Hintergrund",
        "text": [
            "Die Zahl der Anträge hat sich seit der Wohngeldreform verdoppelt.",
            "Ämter mit Publikumsverkehr erhalten ein Merkblatt für Rückfragen.",
        ],
        "state": "published",
        "days": 28,
    },
    {
        "slug": "neues-intranet-online",
        "office": "amt-13",
        "category": "general",
        "title": "Das neue Intranet ist online",
        "tags": ["Intranet"],
        "teaser": "Schneller finden, auch mobil: Das neue Intranet bündelt Nachrichten, Formulare "
        "und Dienstanweisungen an einem Ort.",
        "heading": "Was ist neu?",
        "text": [
            "Die Suche findet Formulare nach Nummer und Stichwort und zeigt, ob eine "
            "Dienstanweisung noch gilt.",
            "Die Hilfe erklärt in fünf Minuten die wichtigsten Funktionen.",
        ],
        "state": "published",
        "days": 35,
    },
    {
        "slug": "e-akte-pilot",
        "office": "amt-12",
        "category": "it",
        "title": "E-Akte: Pilotbetrieb im Hauptamt",
        "tags": ["E-Akte", "Digitalisierung"],
        "teaser": "Das Hauptamt startet als erstes Amt mit der elektronischen Akte.",
        "heading": "Zeitplan",
        "text": [
            "Nach drei Monaten Pilotbetrieb folgen Personalamt und Kämmerei.",
            "Die Dienstanweisung Aktenführung wird dafür überarbeitet.",
        ],
        "state": "draft",
        "days": 0,
    },
    {
        "slug": "it-sicherheitswoche",
        "office": "amt-12",
        "category": "it",
        "title": "IT-Sicherheitswoche: Phishing erkennen",
        "tags": ["Informationssicherheit", "IT"],
        "teaser": "In der IT-Sicherheitswoche zeigt das Amt für Digitalisierung und IT, wie Sie "
        "Phishing-Mails sicher erkennen.",
        "heading": "Angebote",
        "text": [
            "Täglich um 12 Uhr gibt es einen 20-minütigen Online-Impuls.",
            "Verdächtige E-Mails leiten Sie bitte an sicherheit@stadt.example weiter.",
        ],
        "notice": ("important", "Geben Sie Ihr Passwort niemals per E-Mail weiter."),
        "state": "moderation",
        "days": 0,
    },
    {
        "slug": "drucker-umstellung",
        "office": "amt-12",
        "category": "it",
        "title": "Umstellung auf Etagendrucker",
        "tags": ["IT", "Arbeitsplatz"],
        "teaser": "Arbeitsplatzdrucker werden schrittweise durch Etagendrucker ersetzt.",
        "heading": "Ablauf",
        "text": ["Die Umstellung erfolgt etagenweise. Details folgen."],
        "state": "rejected",
        "days": 0,
        "rejection": "Bitte ergänzen Sie den Zeitplan je Dienstgebäude und eine "
        "Ansprechperson. Danach geben wir die Nachricht gern frei.",
    },
    {
        "slug": "betriebsausflug-anmeldung",
        "office": "amt-10",
        "category": "events",
        "title": "Betriebsausflug: Anmeldung geöffnet",
        "tags": ["Veranstaltung"],
        "teaser": "Der diesjährige Betriebsausflug führt an den See. Die Anmeldung ist ab sofort "
        "möglich.",
        "heading": "Anmeldung",
        "text": [
            "Bitte melden Sie sich bis zwei Wochen vor dem Termin im Hauptamt an.",
            "Für Beschäftigte mit Mobilitätseinschränkungen steht ein barrierefreier Bus bereit.",
        ],
        "state": "scheduled",
        "days": 5,
    },
    {
        "slug": "winterdienst-bereitschaft",
        "office": "amt-66",
        "category": "organisation",
        "title": "Winterdienst: Bereitschaftsplan veröffentlicht",
        "tags": ["Winterdienst"],
        "teaser": "Der Bereitschaftsplan für den Winterdienst liegt vor.",
        "heading": "Bereitschaft",
        "text": ["Der Plan gilt bis zum Ende der Frostperiode."],
        "state": "expired",
        "days": 60,
    },
]
