"""Names, handles and captions: local first names and surnames, handles built from them, and
captions in each creator's language, sponsored ones with a good, a weak or no disclosure label.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from helpers.sample.world import MARKETS

# (women's first names, men's first names, surnames). A surname "m/f" or "m/f1/f2" has its
# women's forms after the slash (Latvian and Lithuanian surnames change with gender).
NAMES = {
    "lv": (
        "Līga Ilze Anna Kristīne Laura Elīna Sanita Inese Dace Zane Agnese Evija Madara Santa "
        "Alise Katrīna Marta Ieva",
        "Jānis Andris Mārtiņš Kārlis Edgars Artūrs Roberts Raivis Gatis Uldis Pēteris Krišjānis "
        "Toms Rihards Dāvis Niks",
        "Bērziņš/Bērziņa Kalniņš/Kalniņa Ozoliņš/Ozoliņa Jansons/Jansone Ozols/Ozola "
        "Liepiņš/Liepiņa Krūmiņš/Krūmiņa Balodis/Balode Zariņš/Zariņa Pētersons/Pētersone "
        "Vītols/Vītola Kļaviņš/Kļaviņa Eglītis/Eglīte Siliņš/Siliņa Cīrulis/Cīrule "
        "Grīnbergs/Grīnberga Vanags/Vanaga Zvaigzne/Zvaigzne",
    ),
    "et": (
        "Kärt Kadri Triin Liis Maarja Kristiina Merike Helen Piret Eliise Laura Anu Kätlin Grete "
        "Mari Sandra",
        "Mart Tõnu Jaan Rasmus Andres Märt Priit Siim Kristjan Margus Toomas Rein Karl Oliver "
        "Henri Ott",
        "Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Koppel Lepik Kuusk Raudsepp Kõiv Põder "
        "Org Laur Vaher Õunapuu Jõgi",
    ),
    "lt": (
        "Rūta Eglė Ieva Gabija Austėja Giedrė Indrė Greta Monika Agnė Viktorija Kotryna Ugnė "
        "Jurgita Lina Dovilė",
        "Mantas Lukas Jonas Tomas Dovydas Matas Paulius Andrius Darius Mindaugas Žygimantas "
        "Tadas Gediminas Karolis Vytautas Rokas",
        "Petrauskas/Petrauskaitė/Petrauskienė Kazlauskas/Kazlauskaitė/Kazlauskienė "
        "Jankauskas/Jankauskaitė/Jankauskienė Stankevičius/Stankevičiūtė/Stankevičienė "
        "Vasiliauskas/Vasiliauskaitė/Vasiliauskienė Žukauskas/Žukauskaitė/Žukauskienė "
        "Butkus/Butkutė/Butkienė Paulauskas/Paulauskaitė/Paulauskienė "
        "Urbonas/Urbonaitė/Urbonienė Kavaliauskas/Kavaliauskaitė/Kavaliauskienė "
        "Navickas/Navickaitė/Navickienė Balčiūnas/Balčiūnaitė/Balčiūnienė "
        "Mockus/Mockutė/Mockienė Rimkus/Rimkutė/Rimkienė Šimkus/Šimkutė/Šimkienė "
        "Vaitkus/Vaitkutė/Vaitkienė",
    ),
    "sv": (
        "Åsa Emma Maja Elsa Ebba Linnéa Sofia Wilma Klara Saga Ingrid Frida Märta Ellen Moa Agnes",
        "Erik Lars Anders Johan Björn Oskar Viktor Axel Måns Nils Linus Gustav Emil Olle Hugo "
        "Sixten",
        "Lindqvist Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
        "Gustafsson Lindström Åberg Sjöberg Bergström Håkansson Ekström Holmgren Söderberg "
        "Nyström",
    ),
    "no": (
        "Ingrid Nora Sigrid Solveig Ragnhild Kari Marit Ingeborg Thea Tuva Synnøve Åse Hanne "
        "Silje Maren Live",
        "Ola Magnus Håkon Sindre Eirik Øyvind Bjørn Torbjørn Sander Jørgen Henrik Espen Vegard "
        "Kjetil Aksel Tobias",
        "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Haugen "
        "Bakken Solberg Strand Dahl Lie Eide Sæther Røed Bråten Løvås Haaland",
    ),
    "da": (
        "Mette Sofie Freja Ida Ane Signe Louise Camilla Maja Line Astrid Karoline Nanna Søs Trine "
        "Ditte",
        "Søren Mads Rasmus Frederik Anders Jens Mikkel Kasper Jesper Thomas Christian Asger Emil "
        "Magnus Niels Bo",
        "Østergaard Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen "
        "Rasmussen Jørgensen Madsen Kristensen Mølgaard Søndergaard Damgaard Kjær Bæk Lund Holm",
    ),
    "fi": (
        "Aino Sanna Johanna Päivi Riikka Satu Heidi Emmi Venla Iida Sini Noora Elina Kaisa Jenni "
        "Tiia",
        "Mikko Juha Jukka Matti Ville Antti Jussi Lauri Teemu Eetu Onni Väinö Aleksi Joonas "
        "Tuomas Sami",
        "Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen "
        "Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Kärkkäinen Väisänen Pöllänen Äijälä",
    ),
    "de": (
        "Lena Hannah Anna Lea Marie Sophie Jana Katharina Franziska Lisa Julia Sabine Käthe Mia "
        "Johanna Annika",
        "Jürgen Lukas Jonas Felix Maximilian Tobias Florian Sebastian Niklas Jörg Matthias "
        "Stefan Moritz Leon Till Björn",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
        "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Krüger Hofmann Weiß Groß "
        "Köhler Böhm",
    ),
    "fr": (
        "Élodie Camille Chloé Léa Manon Inès Clémence Mathilde Juliette Océane Hélène Amélie Zoé "
        "Anaïs Margaux Noémie",
        "Julien Théo Hugo Lucas Mathéo Maxime Antoine Clément Jérôme Benoît Raphaël Sébastien "
        "Étienne Louis Arthur Gaël",
        "Lefèvre Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
        "Laurent Lefebvre Michel Fournier Girard Bonnet Rousseau Mercier Blanc Guérin Faure "
        "Chevalier Gauthier Dupré Bérard",
    ),
    "es": (
        "Lucía María Sofía Martina Paula Julia Carmen Elena Irene Laura Alba Noelia Ainhoa Begoña "
        "Inés Nerea",
        "José Alejandro Pablo Daniel Álvaro Adrián David Javier Sergio Jesús Iván Óscar Rubén "
        "Andrés Íñigo Hugo",
        "Núñez García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín "
        "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Ibáñez Peña Castaño",
    ),
    "it": (
        "Giulia Chiara Francesca Sara Martina Alessia Federica Valentina Aurora Beatrice Ginevra "
        "Ilaria Noemi Elisa Caterina Bianca",
        "Luca Marco Matteo Alessandro Lorenzo Andrea Davide Niccolò Tommaso Gabriele Riccardo "
        "Federico Simone Nicolò Mattia Giacomo",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
        "Conti Costa Giordano Mancini Lombardi Fabbri Barbieri D'Angelo Cantù",
    ),
    "en": (
        "Emily Olivia Sophie Jessica Chloe Amelia Hannah Grace Megan Charlotte Ashley Madison "
        "Brianna Taylor Zoë Renée",
        "James Oliver Jack Harry Michael Ethan Tyler Jacob Noah William Daniel Ryan Liam Connor "
        "Brandon André",
        "Smith Johnson Williams Brown Jones Taylor Davies Wilson Evans Thomas Walker Robinson "
        "Clarke Wright Hughes Miller Davis Garcia Martinez Nguyen Patel O'Brien Murphy Kim Chen "
        "Okafor",
    ),
}
HANDLE_WORDS = {
    "skincare": "skin", "beauty": "beauty", "fashion": "style", "sustainability": "green",
    "tech": "tech", "apps": "apps", "finance": "money", "fitness": "fit", "food": "eats",
    "travel": "travels", "parenting": "family", "gaming": "plays", "lifestyle": "life",
    "music": "music",
}  # fmt: skip
# Letters NFKD cannot take apart.
ASCII_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})

# Caption phrase banks: (everyday phrases, sponsored phrases with {brand}). Sponsored phrases
# avoid words that could pass for a disclosure label, so labels alone decide compliance.
PHRASES = {
    "en": (
        ("Good morning, friends!", "Little joys of today.", "Sunday mood.",
         "What's new with you?", "Finally some time off!", "My morning routine, step by step.",
         "Thanks for being here!"),
        ("Tried {brand} and I'm obsessed!", "My new favourite from {brand}.",
         "Here's why {brand} is part of my everyday life now."),
    ),
    "lv": (
        ("Labrīt, draugi!", "Šodienas mazie prieki.", "Svētdienas noskaņa.",
         "Kas jauns pie jums?", "Beidzot atvaļinājums!", "Mans rīta rituāls soli pa solim.",
         "Paldies, ka esat ar mani!"),
        ("Izmēģināju {brand} un esmu sajūsmā!", "Mans jaunais favorīts no {brand}.",
         "Stāstu, kāpēc {brand} tagad ir daļa no manas ikdienas."),
    ),
    "et": (
        ("Tere hommikust, sõbrad!", "Tänased väikesed rõõmud.", "Pühapäeva meeleolu.",
         "Mis teil uut on?", "Lõpuks puhkus!", "Minu hommikurutiin samm-sammult.",
         "Aitäh, et olete minuga!"),
        ("Proovisin {brand} uudiseid ja olen vaimustuses!", "Minu uus lemmik on {brand}.",
         "Räägin, miks {brand} on mu igapäevaelus kindel valik."),
    ),
    "lt": (
        ("Labas rytas, draugai!", "Šiandienos mažieji džiaugsmai.", "Sekmadienio nuotaika.",
         "Kas naujo pas jus?", "Pagaliau atostogos!",
         "Mano rytinė rutina žingsnis po žingsnio.", "Ačiū, kad esate su manimi!"),
        ("Išbandžiau {brand} naujieną – tikrai rekomenduoju!", "Mano naujas favoritas – {brand}.",
         "Pasakoju, kodėl {brand} tapo mano kasdienybės dalimi."),
    ),
    "sv": (
        ("God morgon, vänner!", "Dagens små glädjeämnen.", "Söndagskänsla.",
         "Vad händer hos er?", "Äntligen semester!", "Min morgonrutin steg för steg.",
         "Tack för att ni är här!"),
        ("Har testat {brand} och är helt såld!", "Min nya favorit från {brand}.",
         "Berättar varför {brand} har blivit en del av min vardag."),
    ),
    "no": (
        ("God morgen, venner!", "Dagens små gleder.", "Søndagsfølelse.",
         "Hva skjer hos dere?", "Endelig ferie!", "Morgenrutinen min, steg for steg.",
         "Takk for at dere er her!"),
        ("Har testet {brand} og er helt frelst!", "Min nye favoritt fra {brand}.",
         "Forteller hvorfor {brand} har blitt en del av hverdagen min."),
    ),
    "da": (
        ("Godmorgen, venner!", "Dagens små glæder.", "Søndagshygge.",
         "Hvad sker der hos jer?", "Endelig ferie!", "Min morgenrutine trin for trin.",
         "Tak fordi I er her!"),
        ("Har testet {brand} og er helt solgt!", "Min nye favorit fra {brand}.",
         "Fortæller, hvorfor {brand} er blevet en del af min hverdag."),
    ),
    "fi": (
        ("Huomenta, ystävät!", "Päivän pienet ilot.", "Sunnuntaifiilis.",
         "Mitä teille kuuluu?", "Vihdoin lomalla!", "Aamurutiinini askel askeleelta.",
         "Kiitos, että olette täällä!"),
        ("Testasin {brand}-tuotteita ja olen ihastunut!", "Uusi suosikkini: {brand}.",
         "Kerron, miksi {brand} on nykyään osa arkeani."),
    ),
    "de": (
        ("Guten Morgen, ihr Lieben!", "Die kleinen Freuden des Tages.", "Sonntagsgefühle.",
         "Was gibt's Neues bei euch?", "Endlich Urlaub!",
         "Meine Morgenroutine Schritt für Schritt.", "Danke, dass ihr da seid!"),
        ("Habe {brand} getestet und bin begeistert!", "Mein neuer Favorit von {brand}.",
         "Ich erzähle euch, warum {brand} fester Teil meines Alltags ist."),
    ),
    "fr": (
        ("Bonjour tout le monde !", "Les petits bonheurs du jour.", "Ambiance dimanche.",
         "Quoi de neuf chez vous ?", "Enfin en vacances !",
         "Ma routine du matin, étape par étape.", "Merci d'être là !"),
        ("J'ai testé {brand} et j'adore !", "Mon nouveau coup de cœur signé {brand}.",
         "Je vous explique pourquoi {brand} fait partie de mon quotidien."),
    ),
    "es": (
        ("¡Buenos días, amigos!", "Las pequeñas alegrías del día.", "Domingo de relax.",
         "¿Qué tal vuestra semana?", "¡Por fin vacaciones!", "Mi rutina de mañana, paso a paso.",
         "¡Gracias por estar ahí!"),
        ("He probado {brand} y me encanta.", "Mi nuevo favorito de {brand}.",
         "Os cuento por qué {brand} forma parte de mi día a día."),
    ),
    "it": (
        ("Buongiorno a tutti!", "Le piccole gioie di oggi.", "Atmosfera domenicale.",
         "Che novità da voi?", "Finalmente in vacanza!",
         "La mia routine del mattino, passo dopo passo.", "Grazie di essere qui!"),
        ("Ho provato {brand} e lo adoro!", "Il mio nuovo preferito di {brand}.",
         "Vi racconto perché {brand} fa parte della mia quotidianità."),
    ),
}  # fmt: skip
INTEREST_TAGS = {
    "skincare": ("#skincare", "#skincareroutine", "#glowingskin"),
    "beauty": ("#beauty", "#makeup", "#beautytips"),
    "fashion": ("#ootd", "#fashion", "#styleinspo"),
    "sustainability": ("#sustainable", "#slowfashion", "#zerowaste"),
    "tech": ("#tech", "#gadgets", "#desksetup"),
    "apps": ("#apps", "#productivity", "#appoftheday"),
    "finance": ("#personalfinance", "#budgeting", "#investing"),
    "fitness": ("#fitness", "#workout", "#gymlife"),
    "food": ("#foodie", "#recipe", "#homecooking"),
    "travel": ("#travel", "#wanderlust", "#travelgram"),
    "parenting": ("#parenting", "#familylife", "#momlife"),
    "gaming": ("#gaming", "#gamer", "#streamer"),
    "lifestyle": ("#lifestyle", "#dailyvlog", "#weekendvibes"),
    "music": ("#music", "#newmusic", "#playlist"),
}
LOCAL_TAGS = {
    "US": "#usa", "GB": "#uk", "DE": "#deutschland", "FR": "#france", "ES": "#españa",
    "IT": "#italia", "SE": "#sverige", "NO": "#norge", "DK": "#danmark", "FI": "#suomi",
    "LV": "#latvija", "EE": "#eesti", "LT": "#lietuva",
}  # fmt: skip
BRANDS = {
    "skincare": ("Lumi Derm", "Rasa Skin"), "beauty": ("Velvet Bloom", "Kosmo Beauty"),
    "fashion": ("Linnea Studio", "Maison Rive"),
    "sustainability": ("Evergreen Goods", "Refill Club"),
    "tech": ("Voltix", "Nordlys Audio"), "apps": ("Taskly", "Habitly"),
    "finance": ("Coinly", "Savr"), "fitness": ("FjordFit", "Peak Protein"),
    "food": ("Oat & Honey", "Casa Verde Foods"), "travel": ("Wanderly", "Northbound Travel"),
    "parenting": ("Little Sprout", "Tiny Steps"), "gaming": ("Pixelforge", "Respawn Energy"),
    "lifestyle": ("Hygge Home", "Casa Luce"), "music": ("Soundwave", "Tempo Headphones"),
}  # fmt: skip
# Disclosure labels that satisfy each market's rule, and ones that do not.
GOOD_LABELS = {
    "US": ("#ad", "#sponsored", "Paid partnership"), "GB": ("Ad", "#ad", "Advert"),
    "DE": ("#Werbung", "#Anzeige"), "FR": ("Publicité", "Collaboration commerciale"),
    "LV": ("#reklāma", "#apmaksāts"), "EE": ("#reklaam",), "LT": ("#reklama",),
    "ES": ("Publicidad", "Colaboración pagada"), "IT": ("#adv", "pubblicità"),
    "SE": ("#reklam", "Annons"), "NO": ("#reklame", "Annonse"), "DK": ("#reklame", "Annonce"),
    "FI": ("#mainos", "Kaupallinen yhteistyö"),
}  # fmt: skip
WEAK_LABELS = ("#sp", "#partner", "Thanks {brand}", "#collab", "#gifted")
WEAK_LABELS_BY_MARKET = {"DE": ("#ad", "#sponsored"), "LV": ("#sadarbība",)}


def _person_name(market: str, female: bool, rng: np.random.Generator) -> tuple[str, str]:
    """A first name and surname of the market, in the form that matches the person's gender."""
    women, men, surnames = (part.split() for part in NAMES[MARKETS[market].language])
    first = (women if female else men)[rng.integers(len(women if female else men))]
    forms = surnames[rng.integers(len(surnames))].split("/")
    last = forms[0] if not female or len(forms) == 1 else forms[1 + rng.integers(len(forms) - 1)]
    return first, last


def _ascii(text: str) -> str:
    """Lower-case ASCII letters of a name, for handles (Bērziņa -> berzina)."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(ASCII_FOLD))
    return "".join(c for c in folded if c.isascii() and c.isalpha())


def _handles(creators: pd.DataFrame, rng: np.random.Generator) -> list[str]:
    """Unique handles built the way creators build them: from the name and the niche."""
    taken: set[str] = set()
    handles = []
    for row in creators.itertuples():
        first, last = _ascii(row.first_name), _ascii(row.last_name)
        word = HANDLE_WORDS[row.interests.split("|")[0]]
        patterns = (f"{first}.{last}", f"{first}{last}", f"{first}_{last}", f"{first}.{word}",
                    f"{first}{last[0]}.{word}", f"{last}.{first}", f"its{first}{last}")  # fmt: skip
        handle = patterns[rng.integers(len(patterns))]
        while handle in taken:
            handle = f"{handle.rstrip('0123456789')}{rng.integers(2, 100)}"
        taken.add(handle)
        handles.append(f"@{handle}")
    return handles


def _captions(c: pd.DataFrame, sponsored: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Captions in the creator's language; sponsored ones with a label, a weak one, or none."""
    draws = rng.random((len(c), 9))
    # Some creators label carefully, others are sloppy: compliance is a habit.
    ids = pd.unique(c["influencer_id"])
    habit = dict(zip(ids, rng.beta(8, 2, len(ids)), strict=True))
    captions = []
    for row, is_paid, u in zip(c.itertuples(), sponsored, draws, strict=True):
        everyday, paid = PHRASES[row.language]
        interests = row.interests.split("|")
        interest = interests[int(u[0] * len(interests))]
        tags = [INTEREST_TAGS[interest][int(u[1] * 3)]]
        if u[2] < 0.5:
            tags.append(LOCAL_TAGS[row.market])
        if not is_paid:
            captions.append(f"{everyday[int(u[3] * len(everyday))]} {' '.join(tags)}")
            continue
        brand = BRANDS[interest][int(u[4] * 2)]
        text = f"{paid[int(u[3] * len(paid))].format(brand=brand)} @{_ascii(brand)}"
        label = _disclosure(row.market, brand, u[5] < habit[row.influencer_id], u[6], u[7])
        captions.append(_place_label(text, tags, label, u[8]))
    return captions


def _disclosure(market: str, brand: str, complies: bool, lapse: float, pick: float) -> str:
    """A label that satisfies the market's rule, a weak one that does not, or none at all."""
    if complies:
        labels = GOOD_LABELS[market]
        return labels[int(pick * len(labels))]
    if lapse < 0.4:  # four in ten lapses carry no label at all
        return ""
    labels = WEAK_LABELS + WEAK_LABELS_BY_MARKET.get(market, ())
    return labels[int(pick * len(labels))].format(brand=brand)


def _place_label(text: str, tags: list[str], label: str, draw: float) -> str:
    """Put the label where creators put it: words up front, a hashtag label mostly up front
    (as most rules ask), sometimes among the hashtags, sometimes buried after them."""
    if not label:
        return f"{text} {' '.join(tags)}"
    if label.startswith("Thanks"):
        return f"{text} {' '.join(tags)} {label}!"
    if not label.startswith("#"):
        return f"{label} | {text} {' '.join(tags)}"
    if draw < 0.6:
        return f"{label} {text} {' '.join(tags)}"
    ordered = [label, *tags] if draw < 0.85 else [*tags, label]
    return f"{text} {' '.join(ordered)}"
