"""A seeded, fictional influencer market: the sample data behind the notebooks, tests and demo.

:func:`write_sample_data` (``playbook sample-data``) draws about 2,300 creator accounts on
Instagram, TikTok and YouTube in 13 markets and writes, to ``data/sample/``:

* ``influencers.csv`` the roster (profile counters, interests, rate-card quotes),
* ``posts.csv`` recent posts with captions and disclosure labels,
* ``follower_growth.csv`` 26 weeks of followers and engagements,
* ``audience.csv`` audience countries, ages and genders,
* ``follower_samples.csv`` public counters of sampled follower accounts,
* ``truth.csv`` what the generator planted (fake share, growth events, pods),
* ``results-<campaign>.csv`` and ``results-<campaign>-to-date.csv`` for each example campaign,
* ``pipeline-<campaign>.csv`` the relationship pipeline of each example campaign: the creators
  in its results as completed, with their deliverables and fees, and a few others approached.

The numbers follow published benchmarks (engagement by tier, rate cards, a hand-labelled sample
of real and fake Instagram followers), so the playbook's analyses meet believable data. Every
person, handle and brand is invented; e-mail addresses use example.com. The same seed always
writes the same bytes, so the files can be committed and checked.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import yaml
from scipy.special import ndtr, ndtri

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
CAMPAIGNS_DIR = PROJECT_ROOT / "data" / "campaigns"
DEFAULT_SEED = 2027

SNAPSHOT_DATE = date(2026, 10, 31)  # the day the roster was "exported"
POST_WINDOW_DAYS = 180
LAST_GROWTH_WEEK = date(2026, 10, 26)  # a Monday
GROWTH_WEEKS = 26
TO_DATE_SHARE = 0.4  # mid-campaign files stop 40% of the way through the window

PLATFORMS = ("instagram", "tiktok", "youtube")
PLATFORM_SHARES = (0.5, 0.3, 0.2)
TIERS = ("nano", "micro", "mid", "macro", "mega")
TIER_FOLLOWERS = ((1e3, 1e4), (1e4, 1e5), (1e5, 5e5), (5e5, 1e6), (1e6, 2e7))
# Small markets have fewer big accounts: there are not enough people to follow them.
TIER_SHARES_LARGE = (0.37, 0.35, 0.165, 0.07, 0.045)
TIER_SHARES_SMALL = (0.45, 0.36, 0.135, 0.04, 0.015)
INTERESTS = (
    "skincare", "beauty", "fashion", "sustainability", "tech", "apps", "finance",
    "fitness", "food", "travel", "parenting", "gaming", "lifestyle", "music",
)  # fmt: skip
# Interest weights for women and men creators (same order as INTERESTS).
INTEREST_WEIGHTS = {
    True: (8, 10, 10, 4, 2, 1, 2, 6, 7, 7, 6, 2, 10, 4),
    False: (1, 1, 4, 3, 9, 4, 7, 9, 6, 6, 3, 9, 6, 6),
}
FEMALE_CREATOR_SHARE = 0.62


class Market(NamedTuple):
    """A market of the sample world."""

    language: str
    currency: str
    creators: int
    price_discount: float  # how far below the US rate card local creators quote (0 to 1)
    small: bool


MARKETS: dict[str, Market] = {
    "US": Market("en", "USD", 400, 0.0, False),
    "GB": Market("en", "GBP", 280, 0.05, False),
    "DE": Market("de", "EUR", 260, 0.08, False),
    "FR": Market("fr", "EUR", 240, 0.1, False),
    "ES": Market("es", "EUR", 150, 0.15, False),
    "IT": Market("it", "EUR", 150, 0.15, False),
    "SE": Market("sv", "SEK", 140, 0.1, True),
    "NO": Market("no", "NOK", 120, 0.08, True),
    "DK": Market("da", "DKK", 120, 0.1, True),
    "FI": Market("fi", "EUR", 120, 0.12, True),
    "LV": Market("lv", "EUR", 125, 0.25, True),
    "EE": Market("et", "EUR", 115, 0.25, True),
    "LT": Market("lt", "EUR", 120, 0.25, True),
}
# ECB reference rates of 2024-12-31 (the same as data/reference/fx_rates.csv), units per EUR.
PER_EUR = {"EUR": 1.0, "USD": 1.0389, "GBP": 0.82918, "SEK": 11.459, "NOK": 11.795, "DKK": 7.4578}

# Engagement per follower, (likes + comments) / followers, median by tier (nano ... mega).
ER_MEDIAN = {
    "instagram": (0.025, 0.0165, 0.0155, 0.0145, 0.0075),
    "tiktok": (0.08, 0.04, 0.025, 0.018, 0.013),
    "youtube": (0.0065, 0.0055, 0.0048, 0.0042, 0.0035),
}
COMMENTS_PER_LIKE = {"instagram": 0.025, "tiktok": 0.012, "youtube": 0.04}
ENGAGEMENTS_PER_VIEW = {"instagram": 0.06, "tiktok": 0.08, "youtube": 0.045}
SHARES_PER_LIKE = {"instagram": 0.03, "tiktok": 0.06, "youtube": 0.02}
SAVES_PER_LIKE = {"instagram": 0.08, "tiktok": 0.05, "youtube": 0.01}
SPONSORED_RATE = (0.15, 0.24, 0.30, 0.33, 0.35)
FOLLOWING_MEDIAN = (850, 700, 550, 420, 250)
POSTS_90D_MEDIAN = {"instagram": 22, "tiktok": 38, "youtube": 9}
ORGANIC_WEEKLY_GROWTH = (0.012, 0.008, 0.005, 0.003, 0.002)

# Published per-post price ranges in USD; macro/mega TikTok and the mega tops are extrapolated.
FEE_RANGES_USD = {
    "instagram": ((10, 100), (100, 500), (500, 5000), (5000, 10000), (10000, 50000)),
    "tiktok": ((5, 25), (25, 125), (125, 1250), (1250, 2500), (2500, 12500)),
    "youtube": ((20, 200), (200, 1000), (1000, 10000), (10000, 20000), (20000, 80000)),
}
# A story costs less than a post, a reel a little more (extra production).
FORMAT_FEE = {"feed_post": 1.0, "reel": 1.2, "story": 0.5, "short": 1.0, "long_video": 1.0,
              "live": 0.8}  # fmt: skip

# Which audience countries sit next to each home market (relative weights; AT, CH, IE, CA ...
# are "other"). Neighbours share language, media or diaspora.
NEIGHBOURS = {
    "LV": {"LT": 3, "EE": 2, "other": 4},
    "EE": {"FI": 3, "LV": 2, "LT": 1, "other": 3},
    "LT": {"LV": 3, "EE": 1, "GB": 1, "other": 4},
    "SE": {"NO": 3, "FI": 2, "DK": 2, "other": 3},
    "NO": {"SE": 4, "DK": 2, "other": 3},
    "DK": {"SE": 3, "NO": 3, "DE": 1, "other": 3},
    "FI": {"SE": 3, "EE": 2, "other": 3},
    "DE": {"other": 6, "FR": 1, "IT": 1},
    "FR": {"other": 5, "ES": 1, "IT": 1, "DE": 1},
    "ES": {"other": 6, "FR": 1, "IT": 1},
    "IT": {"other": 4, "FR": 1, "ES": 1, "DE": 1},
    "GB": {"US": 5, "other": 5},
    "US": {"GB": 3, "other": 7},
}
# English-language creators travel further; local-language ones keep a home audience.
HOME_SHARE = {"US": 0.68, "GB": 0.55}
HOME_SHARE_DEFAULT = {True: 0.8, False: 0.72}
AGE_GROUPS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
AGE_BASE = {
    "instagram": (0.06, 0.30, 0.33, 0.17, 0.09, 0.05),
    "tiktok": (0.15, 0.38, 0.27, 0.12, 0.05, 0.03),
    "youtube": (0.08, 0.22, 0.28, 0.20, 0.13, 0.09),
}
AGE_TILT = {
    "gaming": (1.6, 1.4, 1.0, 0.7, 0.5, 0.4),
    "parenting": (0.3, 0.6, 1.5, 1.5, 0.8, 0.5),
    "finance": (0.4, 0.9, 1.4, 1.3, 1.0, 0.8),
    "skincare": (0.8, 1.2, 1.2, 0.9, 0.8, 0.7),
    "music": (1.4, 1.3, 1.0, 0.8, 0.7, 0.6),
    "food": (0.6, 0.9, 1.1, 1.2, 1.2, 1.2),
    "travel": (0.6, 1.0, 1.2, 1.1, 1.0, 1.0),
}
FEMALE_AUDIENCE = {
    "skincare": 0.85, "beauty": 0.85, "fashion": 0.75, "parenting": 0.8, "lifestyle": 0.65,
    "sustainability": 0.65, "food": 0.6, "travel": 0.6, "fitness": 0.55, "music": 0.5,
    "apps": 0.4, "tech": 0.3, "finance": 0.3, "gaming": 0.25,
}  # fmt: skip

# Public counters of follower accounts, as quantiles (share of accounts, value), from a
# hand-labelled sample of 975 Instagram followers (SRF Data, 2017).
REAL_ACCOUNTS = {
    "posts": ((0, 0), (0.1, 3), (0.25, 16), (0.5, 74), (0.75, 223), (0.9, 560), (0.99, 2554),
              (1, 7953)),
    "following": ((0, 3), (0.1, 113), (0.25, 264), (0.5, 604), (0.75, 1652), (0.9, 4227),
                  (0.99, 7363), (1, 7500)),
    "followers": ((0, 0), (0.1, 37), (0.25, 135), (0.5, 421), (0.75, 1382), (0.9, 5546),
                  (0.99, 31193), (1, 100599)),
}  # fmt: skip
FAKE_ACCOUNTS = {
    "posts": ((0, 0), (0.25, 0), (0.5, 1), (0.75, 6), (0.9, 39), (0.97, 400), (1, 4336)),
    "following": ((0, 32), (0.1, 264), (0.25, 644), (0.5, 2096), (0.75, 5429), (0.9, 6910),
                  (1, 7500)),
    "followers": ((0, 0), (0.1, 4), (0.25, 27), (0.5, 110), (0.75, 525), (0.9, 1400),
                  (0.99, 5863), (1, 7659)),
}  # fmt: skip
# Rank correlations of posts/following/followers in that sample (real, fake).
ACCOUNT_CORRELATION = {
    False: ((1.0, 0.47, 0.65), (0.47, 1.0, 0.64), (0.65, 0.64, 1.0)),
    True: ((1.0, 0.32, 0.54), (0.32, 1.0, 0.64), (0.54, 0.64, 1.0)),
}
PROFILE_PICTURE_RATE = {False: 0.994, True: 0.93}
PRIVATE_RATE = {False: 0.21, True: 0.31}

# Campaign funnels: click-through per impression, conversion per click, discount codes used per
# reached account, average order value (USD) and how hard the content pushes engagement.
FUNNEL = {
    "awareness": {"ctr": 0.0025, "cvr": 0.02, "codes": 0.00015, "order_usd": 30, "eng": 1.1},
    "engagement": {"ctr": 0.004, "cvr": 0.03, "codes": 0.0003, "order_usd": 80, "eng": 1.35},
    "conversion": {"ctr": 0.009, "cvr": 0.055, "codes": 0.0008, "order_usd": 45, "eng": 0.9},
}
CTR_BY_FORMAT = {"feed_post": 0.5, "reel": 0.8, "story": 1.6, "short": 0.7, "long_video": 1.4,
                 "live": 0.6}  # fmt: skip
CTR_BY_PLATFORM = {"instagram": 1.0, "tiktok": 0.6, "youtube": 1.0}
# Purchase intent: long YouTube reviews convert, TikTok's young scrollers much less.
INTENT_BY_PLATFORM = {"instagram": 1.0, "tiktok": 0.35, "youtube": 1.6}
VARIANT_B_CTR_LIFT = 1.2  # the conversion campaign's B creative gets 20% more clicks
STATIC_REACH = {"feed_post": 0.28, "story": 0.11, "live": 0.04}  # of real followers
CAMPAIGN_FORMATS = {
    "instagram": (("feed_post", "reel", "story"), (0.35, 0.4, 0.25)),
    "tiktok": (("short", "live"), (0.95, 0.05)),
    "youtube": (("long_video", "short"), (0.7, 0.3)),
}
VIDEO_FORMATS = ("reel", "short", "long_video")


# --- Names, handles, captions ---------------------------------------------------------------

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


# --- Public API -----------------------------------------------------------------------------


def write_sample_data(out_dir: Path | None = None, seed: int = DEFAULT_SEED) -> list[Path]:
    """Generate the synthetic influencer world and write it as CSV files.

    Parameters
    ----------
    out_dir : Path, optional
        Folder to write to (created if missing); defaults to the project's ``data/sample/``.
    seed : int, default 2027
        Random seed. The same seed always writes byte-identical files.

    Returns
    -------
    list of Path
        The files written, in alphabetical order.
    """
    out = Path(out_dir) if out_dir is not None else SAMPLE_DIR
    out.mkdir(parents=True, exist_ok=True)
    tables = build_sample_tables(seed)
    paths = []
    for name in sorted(tables):
        path = out / name
        _write_atomically(path, _csv_bytes(tables[name]))
        paths.append(path)
    return paths


def build_sample_tables(
    seed: int = DEFAULT_SEED, campaigns_dir: Path = CAMPAIGNS_DIR
) -> dict[str, pd.DataFrame]:
    """Generate every sample table in memory, ready to write.

    Parameters
    ----------
    seed : int, default 2027
        Random seed.
    campaigns_dir : Path, optional
        Folder of campaign YAML files to simulate results for (all ``*.yaml`` in it).

    Returns
    -------
    dict of str to DataFrame
        File name to table; numbers in float columns are already formatted as text.
    """
    streams = np.random.default_rng(seed).spawn(6)
    creators = _make_creators(streams[0])
    growth, events = _make_growth(creators, streams[1])
    audience = _make_audience(creators, streams[2])
    tables = {
        "influencers.csv": _roster_table(creators),
        "posts.csv": _make_posts(creators, streams[3]),
        "follower_growth.csv": growth,
        "audience.csv": audience,
        "follower_samples.csv": _make_follower_samples(creators, streams[4]),
        "truth.csv": _truth_table(creators, events),
    }
    campaign_rngs = streams[5].spawn(len(_campaign_files(campaigns_dir)))
    for path, rng in zip(_campaign_files(campaigns_dir), campaign_rngs, strict=True):
        campaign = yaml.safe_load(path.read_text(encoding="utf-8"))
        full, to_date = _campaign_results(campaign, creators, audience, rng)
        tables[f"results-{campaign['id']}.csv"] = full
        tables[f"results-{campaign['id']}-to-date.csv"] = to_date
        tables[f"pipeline-{campaign['id']}.csv"] = _campaign_pipeline(
            campaign, creators, audience, full
        )
    return tables


# --- Writing --------------------------------------------------------------------------------


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes (no BOM, ``\\n`` line ends)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _write_atomically(path: Path, payload: bytes) -> None:
    """Write a file so that readers never see it half-written (temp file, then rename)."""
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(payload)
        os.chmod(temp_name, 0o644)  # mkstemp makes files private; data files are shared
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _fixed(values: Any, decimals: int) -> list[str]:
    """Numbers as fixed-point text (empty for missing), so files never depend on float repr."""
    return ["" if pd.isna(v) else f"{v:.{decimals}f}" for v in values]


# --- Creators -------------------------------------------------------------------------------


def _lognormal(rng: np.random.Generator, median: Any, sigma: float, size: int) -> np.ndarray:
    """Log-normal draws around a median (scalar or per-row array)."""
    return np.asarray(median) * np.exp(sigma * rng.standard_normal(size))


def _make_creators(rng: np.random.Generator) -> pd.DataFrame:
    """All creator accounts, with public counters and the generator's hidden traits.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        One row per creator, sorted by ``influencer_id``.
    """
    creators = _draw_identities(rng)
    creators = _draw_size(creators, rng)
    creators = _draw_authenticity(creators, rng)
    creators = _draw_engagement(creators, rng)
    creators = _draw_rate_cards(creators, rng)
    # Shuffle before numbering so that ids say nothing about market or platform.
    creators = creators.iloc[rng.permutation(len(creators))].reset_index(drop=True)
    creators.insert(0, "influencer_id", [f"inf-{i + 1:05d}" for i in range(len(creators))])
    creators["handle"] = _handles(creators, rng)
    creators["contact_email"] = creators["handle"].str[1:] + "@example.com"
    return creators


def _draw_identities(rng: np.random.Generator) -> pd.DataFrame:
    """Market, language, platform, gender, display name and interests of every creator."""
    markets = np.repeat(list(MARKETS), [m.creators for m in MARKETS.values()])
    size = len(markets)
    is_female = rng.random(size) < FEMALE_CREATOR_SHARE
    people = [
        (*_person_name(MARKETS[m].language, bool(f), rng), _interests(bool(f), rng))
        for m, f in zip(markets, is_female, strict=True)
    ]
    first, last, interests = zip(*people, strict=True)
    return pd.DataFrame(
        {
            "market": markets,
            "language": [MARKETS[m].language for m in markets],
            "platform": rng.choice(PLATFORMS, size=size, p=PLATFORM_SHARES),
            "is_female": is_female,
            "first_name": first,
            "last_name": last,
            "name": [f"{a} {b}" for a, b in zip(first, last, strict=True)],
            "interests": ["|".join(i) for i in interests],
        }
    )


def _person_name(language: str, female: bool, rng: np.random.Generator) -> tuple[str, str]:
    """A local first name and surname, in the form that matches the person's gender."""
    women, men, surnames = (part.split() for part in NAMES[language])
    first = (women if female else men)[rng.integers(len(women if female else men))]
    forms = surnames[rng.integers(len(surnames))].split("/")
    last = forms[0] if not female or len(forms) == 1 else forms[1 + rng.integers(len(forms) - 1)]
    return first, last


def _interests(female: bool, rng: np.random.Generator) -> tuple[str, ...]:
    """One to three interests, drawn with weights that differ for women and men creators."""
    weights = np.array(INTEREST_WEIGHTS[female], dtype=float)
    count = rng.choice((1, 2, 3), p=(0.3, 0.45, 0.25))
    picked = rng.choice(len(INTERESTS), size=count, replace=False, p=weights / weights.sum())
    return tuple(INTERESTS[i] for i in sorted(picked))


def _draw_size(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Tier, followers, following and posting frequency."""
    size = len(creators)
    small = creators["market"].map(lambda m: MARKETS[m].small).to_numpy()
    tier = np.where(
        small,
        rng.choice(len(TIERS), size=size, p=TIER_SHARES_SMALL),
        rng.choice(len(TIERS), size=size, p=TIER_SHARES_LARGE),
    )
    low = np.array([TIER_FOLLOWERS[t][0] for t in tier])
    high = np.array([TIER_FOLLOWERS[t][1] for t in tier])
    # Log-uniform inside a tier: many more accounts near the bottom of each band.
    followers = np.exp(np.log(low) + rng.random(size) * np.log(high / low))
    mega = tier == 4
    followers[mega] = np.minimum(1e6 * (1 + rng.pareto(1.4, mega.sum())), 4e7)
    platform = creators["platform"].to_numpy()
    following = _lognormal(rng, np.array(FOLLOWING_MEDIAN)[tier], 0.8, size)
    following[platform == "youtube"] = _lognormal(rng, 60, 1.0, (platform == "youtube").sum())
    posts_median = np.array([POSTS_90D_MEDIAN[p] for p in platform])
    return creators.assign(
        tier=np.array(TIERS)[tier],
        tier_index=tier,
        followers=np.round(followers).astype(np.int64),
        following=np.clip(np.round(following), 0, 7500).astype(np.int64),
        posts_last_90d=np.maximum(np.round(_lognormal(rng, posts_median, 0.5, size)), 6).astype(
            np.int64
        ),
    )


def _draw_authenticity(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Fake-follower share and engagement-pod membership (hidden truth)."""
    size = len(creators)
    fake_share = rng.beta(6, 24, size)  # mean 0.2, mostly 0.1 to 0.4
    padded = rng.random(size) < 0.08
    fake_share[padded] = rng.uniform(0.5, 0.8, padded.sum())
    # Pods are mostly small Instagram accounts trading comments to game the feed.
    small_instagram = (creators["platform"] == "instagram") & (creators["tier_index"] <= 1)
    is_pod = rng.random(size) < np.where(small_instagram, 0.06, 0.012)
    # Follow-for-follow: accounts padded with bought followers also follow many back.
    following = np.where(padded, np.minimum(creators["following"] * 3, 7500), creators["following"])
    return creators.assign(fake_share=fake_share, is_pod=is_pod, following=following)


def _stratified_normal(groups: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """Standard normal draws that cover each group's quantiles evenly (one per stratum)."""
    uniform = np.empty(len(groups))
    for positions in groups.groupby(groups, sort=True).indices.values():
        strata = rng.permutation(len(positions)) + rng.random(len(positions))
        uniform[positions] = strata / len(positions)
    return ndtri(uniform)


def _draw_engagement(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Average likes, comments and views per post, consistent with tier and authenticity."""
    size = len(creators)
    platform = creators["platform"].to_numpy()
    tier = creators["tier_index"].to_numpy()
    median = np.array([ER_MEDIAN[p][t] for p, t in zip(platform, tier, strict=True)])
    # Stratified noise keeps each platform x tier median on its benchmark even in small groups;
    # fake followers never engage, so their share eats into engagement per follower.
    noise = _stratified_normal(creators["platform"] + "/" + creators["tier"], rng)
    rate = median * np.exp(0.45 * noise) * (1 - creators["fake_share"]) / 0.8
    odd = rng.random(size)
    rate[odd < 0.02] *= rng.uniform(3, 6, (odd < 0.02).sum())  # bought likes
    low = (odd >= 0.02) & (odd < 0.04)
    rate[low] *= rng.uniform(0.1, 0.3, low.sum())  # dormant audience
    pod = creators["is_pod"].to_numpy()
    rate[pod] *= rng.uniform(1.4, 2.2, pod.sum())
    per_like = _lognormal(rng, [COMMENTS_PER_LIKE[p] for p in platform], 0.4, size)
    per_like[pod] *= rng.uniform(5, 12, pod.sum())  # pods leave many short comments
    engagements = creators["followers"].to_numpy() * rate
    has_video = (platform != "instagram") | (rng.random(size) < 0.75)
    per_view = _lognormal(rng, [ENGAGEMENTS_PER_VIEW[p] for p in platform], 0.35, size)
    return creators.assign(
        avg_likes=np.round(engagements / (1 + per_like), 1),
        avg_comments=np.round(engagements * per_like / (1 + per_like), 1),
        avg_views=np.where(has_video, np.round(engagements / per_view, 1), 0.0),
        has_video=has_video,
    )


def _draw_rate_cards(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """List price per main deliverable, the quote 60% of creators gave, past collaborations."""
    size = len(creators)
    tier = creators["tier_index"].to_numpy()
    ranges = np.array(
        [FEE_RANGES_USD[p][t] for p, t in zip(creators["platform"], tier, strict=True)]
    )
    bounds = np.array(TIER_FOLLOWERS)[tier]
    place = np.log(creators["followers"] / bounds[:, 0]) / np.log(bounds[:, 1] / bounds[:, 0])
    # Bigger accounts sit higher in their tier's range; cheaper ad markets sit lower.
    discount = creators["market"].map(lambda m: MARKETS[m].price_discount)
    place = np.clip(0.6 * np.clip(place, 0, 1) + 0.4 * rng.random(size) - discount, 0, 1)
    price_usd = np.exp(np.log(ranges[:, 0]) + place * np.log(ranges[:, 1] / ranges[:, 0]))
    currency = creators["market"].map(lambda m: MARKETS[m].currency)
    local = price_usd / PER_EUR["USD"] * currency.map(PER_EUR)
    quoted = rng.random(size) < 0.6
    none_yet = rng.random(size) < np.array([0.8, 0.65, 0.5, 0.4, 0.3])[tier]
    repeat = 1 + rng.poisson(np.array([0.5, 1.0, 2.0, 3.0, 4.0])[tier])
    return creators.assign(
        list_price_usd=price_usd,
        quoted_fee=np.where(quoted, _round_price(local.to_numpy()), np.nan),
        fee_currency=np.where(quoted, currency, ""),
        past_collaborations=np.where(none_yet, 0, repeat),
    )


def _round_price(amount: np.ndarray) -> np.ndarray:
    """Round prices the way people quote them (15, 240, 1,850, 12,300)."""
    step = np.select(
        [amount < 50, amount < 200, amount < 1000, amount < 10000], [1, 5, 10, 50], 100
    )
    return np.maximum(step, np.round(amount / step) * step).astype(float)


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


def _roster_table(creators: pd.DataFrame) -> pd.DataFrame:
    """The public roster: what a creator database export would show."""
    roster = creators[
        ["influencer_id", "handle", "name", "platform", "market", "language", "interests",
         "followers", "following", "posts_last_90d"]
    ].copy()  # fmt: skip
    for column in ("avg_likes", "avg_comments", "avg_views"):
        roster[column] = _fixed(creators[column], 1)
    roster["quoted_fee"] = _fixed(creators["quoted_fee"], 2)
    roster["fee_currency"] = creators["fee_currency"]
    roster["past_collaborations"] = creators["past_collaborations"]
    roster["contact_email"] = creators["contact_email"]
    return roster


# --- Posts ----------------------------------------------------------------------------------


def _post_formats(
    platform: np.ndarray, has_video: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Format of each post, consistent with its platform (no reels for photo-only creators)."""
    draw = rng.random(len(platform))
    instagram = np.where(has_video & (draw < 0.45), "reel", "feed_post")
    tiktok = np.where(draw < 0.97, "short", "live")
    youtube = np.select([draw < 0.7, draw < 0.97], ["long_video", "short"], "live")
    return np.select([platform == "instagram", platform == "tiktok"], [instagram, tiktok], youtube)


def _make_posts(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Eight to twelve recent posts per creator, with counters and captions.

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        One row per post, sorted by creator and date.
    """
    owner = np.repeat(np.arange(len(creators)), rng.integers(8, 13, len(creators)))
    size = len(owner)
    c = creators.iloc[owner].reset_index(drop=True)
    formats = _post_formats(c["platform"].to_numpy(), c["has_video"].to_numpy(), rng)
    sponsored = rng.random(size) < np.array(SPONSORED_RATE)[c["tier_index"]]
    # Pods deliver steady engagement; sponsored posts earn a little less than organic ones.
    spread = np.where(c["is_pod"], 0.12, 0.35)
    lift = np.exp(spread * rng.standard_normal(size)) * np.where(sponsored, 0.8, 1.0)
    lift *= np.where(formats == "live", 0.4, 1.0)
    likes = np.round(c["avg_likes"] * lift)
    view_factor = np.select([formats == "live", np.isin(formats, VIDEO_FORMATS)], [0.15, 1.0], 0.0)
    shares_per_like = c["platform"].map(SHARES_PER_LIKE).to_numpy()
    posts = pd.DataFrame(
        {
            "influencer_id": c["influencer_id"],
            "posted_at": [SNAPSHOT_DATE - timedelta(days=int(d)) for d in
                          rng.integers(0, POST_WINDOW_DAYS, size)],
            "format": formats,
            "likes": likes.astype(np.int64),
            "comments": np.round(c["avg_comments"] * lift * _lognormal(rng, 1, 0.2, size)),
            "shares": np.round(likes * _lognormal(rng, shares_per_like, 0.5, size)),
            "views": np.round(c["avg_views"] * view_factor * lift * _lognormal(rng, 1, 0.25, size)),
            "is_sponsored": sponsored.astype(np.int64),
            "caption": _captions(c, sponsored, rng),
        }
    )  # fmt: skip
    posts = posts.astype({"comments": np.int64, "shares": np.int64, "views": np.int64})
    posts = posts.sort_values(["influencer_id", "posted_at"], kind="stable").reset_index(drop=True)
    posts["posted_at"] = [d.isoformat() for d in posts["posted_at"]]
    posts.insert(0, "post_id", [f"post-{i + 1:06d}" for i in range(len(posts))])
    return posts


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


# --- Follower growth ------------------------------------------------------------------------


def _growth_weeks() -> list[str]:
    """The 26 Mondays of the growth series, oldest first."""
    return [
        (LAST_GROWTH_WEEK - timedelta(weeks=GROWTH_WEEKS - 1 - i)).isoformat()
        for i in range(GROWTH_WEEKS)
    ]


def _pick_events(creators: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Which creators bought followers, ran a giveaway or lost followers to a purge."""
    heavy = creators["fake_share"].to_numpy() > 0.5
    bought = np.where(heavy, 0.35, 0.045)  # about 7% overall, mostly the padded accounts
    dropped = np.where(heavy, 0.08, 0.026)  # purges hit padded accounts harder
    draw = rng.random(len(creators))
    return np.select(
        [draw < bought, draw < bought + 0.05, draw < bought + 0.05 + dropped],
        ["bought_spike", "giveaway", "drop"],
        "none",
    )


def _make_growth(
    creators: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly followers and engagements, with planted spikes, giveaways and purges.

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    growth : pandas.DataFrame
        ``influencer_id``, ``week``, ``followers``, ``engagements``.
    events : pandas.DataFrame
        ``growth_event`` and ``growth_event_week`` per creator (the hidden truth).
    """
    size, weeks = len(creators), GROWTH_WEEKS
    drift = np.array(ORGANIC_WEEKLY_GROWTH)[creators["tier_index"]] * _lognormal(rng, 1, 0.5, size)
    drift[rng.random(size) < 0.1] *= -0.4  # fading creators slowly lose followers
    organic = rng.normal(drift[:, None], 0.004, (size, weeks))
    organic[:, 0] = 0.0
    jumps, real_jumps, boost = (
        np.zeros((size, weeks)),
        np.zeros((size, weeks)),
        np.ones((size, weeks)),
    )
    events = _pick_events(creators, rng)
    event_week = rng.integers(4, weeks - 3, size)
    for i in np.flatnonzero(events != "none"):
        _plant_event(events[i], event_week[i], jumps[i], real_jumps[i], boost[i], rng)
    final = creators["followers"].to_numpy()
    level = np.cumsum(organic + jumps, axis=1)
    followers = np.round(np.exp(level - level[:, -1:]) * final[:, None]).astype(np.int64)
    followers[:, -1] = final
    # Engagement follows the followers who are real; bought ones never like anything.
    real = np.cumsum(organic + real_jumps, axis=1)
    per_week = (creators["avg_likes"] + creators["avg_comments"]) * creators["posts_last_90d"] / 13
    engagements = per_week.to_numpy()[:, None] * np.exp(real - real[:, -1:]) * boost
    engagements *= np.exp(0.15 * rng.standard_normal((size, weeks)))
    growth = pd.DataFrame(
        {
            "influencer_id": np.repeat(creators["influencer_id"].to_numpy(), weeks),
            "week": _growth_weeks() * size,
            "followers": followers.ravel(),
            "engagements": np.round(engagements).astype(np.int64).ravel(),
        }
    )
    weeks_text = np.array(_growth_weeks())[event_week]
    event_frame = pd.DataFrame(
        {"growth_event": events, "growth_event_week": np.where(events == "none", "", weeks_text)}
    )
    return growth, event_frame


def _plant_event(
    event: str,
    week: int,
    jumps: np.ndarray,
    real_jumps: np.ndarray,
    boost: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Write one creator's event into their weekly log-changes (arrays are changed in place)."""
    if event == "bought_spike":
        jumps[week] += np.log1p(rng.uniform(0.15, 0.6))
        if rng.random() < 0.7:  # platforms and bots shed bought followers over time
            jumps[week + 1 :] -= rng.uniform(0.004, 0.012)
    elif event == "giveaway":
        size = np.log1p(rng.uniform(0.1, 0.35))
        jumps[week] += size
        real_jumps[week] += 0.3 * size  # some entrants stay and engage
        boost[week] *= rng.uniform(1.8, 3.0)
        boost[week + 1] *= rng.uniform(1.2, 1.6)
        jumps[week + 1 : week + 6] -= rng.uniform(0.003, 0.008)  # prize hunters unfollow
    elif event == "drop":
        jumps[week] += np.log1p(-rng.uniform(0.08, 0.25))


def _truth_table(creators: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """What the generator planted, for checking the detection stages."""
    return pd.DataFrame(
        {
            "influencer_id": creators["influencer_id"],
            "fake_share": _fixed(creators["fake_share"], 4),
            "growth_event": events["growth_event"],
            "growth_event_week": events["growth_event_week"],
            "is_pod": creators["is_pod"].astype(np.int64),
        }
    )


# --- Audience -------------------------------------------------------------------------------


def _make_audience(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Audience country, age and gender shares per creator, in long form.

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        ``influencer_id``, ``dimension``, ``segment``, ``share``; shares of each creator and
        dimension sum to 1.
    """
    rows: list[tuple[str, str, str, float]] = []
    for row in creators.itertuples():
        for dimension, shares in (
            ("country", _country_shares(row, rng)),
            ("age", dict(zip(AGE_GROUPS, _age_shares(row, rng), strict=True))),
            ("gender", _gender_shares(row, rng)),
        ):
            rounded = _round_shares(shares)
            rows += [(row.influencer_id, dimension, s, v) for s, v in rounded.items() if v > 0]
    audience = pd.DataFrame(rows, columns=["influencer_id", "dimension", "segment", "share"])
    audience["share"] = _fixed(audience["share"], 4)
    return audience


def _country_shares(row: Any, rng: np.random.Generator) -> dict[str, float]:
    """Home market first, then neighbours, the rest as ``other``; bigger accounts travel."""
    small = MARKETS[row.market].small
    centre = HOME_SHARE.get(row.market, HOME_SHARE_DEFAULT[small]) - 0.04 * row.tier_index
    home = float(np.clip(rng.normal(centre, 0.07), 0.3, 0.95))
    neighbours = NEIGHBOURS[row.market]
    split = rng.dirichlet(3 * np.array(list(neighbours.values()), dtype=float))
    shares = {row.market: home}
    shares.update({k: (1 - home) * v for k, v in zip(neighbours, split, strict=True)})
    return dict(sorted(shares.items(), key=lambda kv: (kv[0] == "other", kv[0])))


def _age_shares(row: Any, rng: np.random.Generator) -> np.ndarray:
    """Age mix from the platform (TikTok youngest), tilted by the creator's interests."""
    mix = np.array(AGE_BASE[row.platform])
    for interest in row.interests.split("|"):
        mix = mix * np.array(AGE_TILT.get(interest, (1.0,) * 6))
    return rng.dirichlet(80 * mix / mix.sum())


def _gender_shares(row: Any, rng: np.random.Generator) -> dict[str, float]:
    """Gender mix from interests (beauty female, gaming and finance male) and the creator."""
    interests = row.interests.split("|")
    centre = np.mean([FEMALE_AUDIENCE[i] for i in interests]) + (0.08 if row.is_female else -0.08)
    centre = float(np.clip(centre, 0.08, 0.92))
    female = rng.beta(60 * centre, 60 * (1 - centre))
    other = rng.uniform(0.005, 0.03)
    return {"female": female * (1 - other), "male": (1 - female) * (1 - other), "other": other}


def _round_shares(shares: dict[str, float]) -> dict[str, float]:
    """Round to 4 decimals and give the rounding error to the largest share, so sums are 1."""
    rounded = {k: round(float(v), 4) for k, v in shares.items()}
    largest = max(rounded, key=rounded.__getitem__)
    rounded[largest] = round(rounded[largest] + 1 - sum(rounded.values()), 4)
    return rounded


# --- Follower samples -----------------------------------------------------------------------


def _make_follower_samples(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Public counters of 20 to 60 sampled follower accounts per creator (none for ~3%).

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        ``influencer_id``, ``posts``, ``following``, ``followers``, ``has_profile_picture``,
        ``is_private``. Whether an account is fake is not written.
    """
    sizes = np.where(rng.random(len(creators)) < 0.03, 0, rng.integers(20, 61, len(creators)))
    owner = np.repeat(np.arange(len(creators)), sizes)
    is_fake = rng.random(len(owner)) < creators["fake_share"].to_numpy()[owner]
    counters = np.zeros((len(owner), 3), dtype=np.int64)
    picture, private = np.zeros(len(owner), bool), np.zeros(len(owner), bool)
    for fake, quantiles in ((False, REAL_ACCOUNTS), (True, FAKE_ACCOUNTS)):
        group = is_fake == fake
        counters[group] = _account_counters(quantiles, ACCOUNT_CORRELATION[fake], group.sum(), rng)
        picture[group] = rng.random(group.sum()) < PROFILE_PICTURE_RATE[fake]
        private[group] = rng.random(group.sum()) < PRIVATE_RATE[fake]
    return pd.DataFrame(
        {
            "influencer_id": creators["influencer_id"].to_numpy()[owner],
            "posts": counters[:, 0],
            "following": counters[:, 1],
            "followers": counters[:, 2],
            "has_profile_picture": picture.astype(np.int64),
            "is_private": private.astype(np.int64),
        }
    )


def _account_counters(
    quantiles: dict[str, tuple], correlation: tuple, size: int, rng: np.random.Generator
) -> np.ndarray:
    """Posts, following and followers with the labelled sample's quantiles and correlations.

    A Gaussian copula keeps the three counters related (accounts that post more have more
    followers); each margin is read off the published quantiles, interpolated on a log scale.
    """
    normal = rng.multivariate_normal(np.zeros(3), np.array(correlation), size, method="cholesky")
    uniform = ndtr(normal)
    columns = []
    for j, name in enumerate(("posts", "following", "followers")):
        probability, value = np.array(quantiles[name], dtype=float).T
        columns.append(np.round(np.expm1(np.interp(uniform[:, j], probability, np.log1p(value)))))
    return np.column_stack(columns).astype(np.int64)


# --- Campaign results -----------------------------------------------------------------------


def _campaign_files(campaigns_dir: Path) -> list[Path]:
    """The example campaigns, in a fixed order."""
    return sorted(Path(campaigns_dir).glob("*.yaml"))


def _campaign_results(
    campaign: dict, creators: pd.DataFrame, audience: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate one campaign: pick creators, schedule their posts, measure each post.

    Parameters
    ----------
    campaign : dict
        The campaign YAML as loaded by ``yaml.safe_load``.
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    audience : pandas.DataFrame
        From :func:`_make_audience`.
    rng : numpy.random.Generator
        Random stream for this campaign.

    Returns
    -------
    full, to_date : pandas.DataFrame
        Every post of the campaign, and the posts up to 40% of the way through its window.
    """
    campaign = _repair_yaml_markets(campaign)
    start, end = (date.fromisoformat(str(campaign[k])) for k in ("start", "end"))
    picks = _pick_creators(campaign, creators, audience, rng)
    posts = _schedule_posts(picks, start, end, rng)
    results = _measure_posts(posts, campaign["objective"], campaign["currency"], rng)
    results = results.sort_values(["posted_at", "influencer_id"], kind="stable")
    results.insert(0, "post_id", [f"{campaign['id']}-{i + 1:03d}" for i in range(len(results))])
    results["posted_at"] = [d.isoformat() for d in results["posted_at"]]
    cutoff = start + timedelta(days=round(TO_DATE_SHARE * (end - start).days))
    to_date = results[results["posted_at"] <= cutoff.isoformat()]
    return results.reset_index(drop=True), to_date.reset_index(drop=True)


PIPELINE_EXTRAS = ("declined", "contacted", "identified", "declined", "contacted")
PIPELINE_NOTES = {
    "declined": "declined: fully booked in the campaign window",
    "contacted": "first message sent, no reply yet",
    "identified": "back-up if a creator drops out",
}
PIPELINE_DAYS_BEFORE = {"declined": 21, "contacted": 28, "identified": 35}
MAIN_FORMAT = {"instagram": "feed_post", "tiktok": "short", "youtube": "long_video"}


def _campaign_pipeline(
    campaign: dict, creators: pd.DataFrame, audience: pd.DataFrame, results: pd.DataFrame
) -> pd.DataFrame:
    """The relationship pipeline of one campaign, consistent with its results.

    Every creator in the results is ``completed``: one row per format they posted, with the
    number of posts and the fees paid (the sum of their ``cost``). A few more creators from
    the same pool, the best fits not hired, were approached: declined, contacted or only
    identified (no deliverable agreed). No random draws: the file follows from the results.
    """
    campaign = _repair_yaml_markets(campaign)
    end = date.fromisoformat(str(campaign["end"]))
    start = date.fromisoformat(str(campaign["start"]))
    posts = results.assign(cost=results["cost"].astype(float))
    done = (
        posts.groupby(["influencer_id", "format"], sort=True)
        .agg(quantity=("post_id", "size"), agreed_fee=("cost", "sum"))
        .reset_index()
        .rename(columns={"format": "deliverable"})
    )
    done = done.assign(
        stage="completed",
        agreed_fee=_fixed(done["agreed_fee"], 2),
        currency=campaign["currency"],
        updated=end.isoformat(),
        notes=[f"{q} {'post' if q == 1 else 'posts'} delivered" for q in done["quantity"]],
    )
    vetting = campaign.get("vetting", {})
    pool = creators[
        creators["market"].isin(campaign["markets"])
        & creators["platform"].isin(vetting.get("platforms", PLATFORMS))
        & creators["tier"].isin(vetting.get("tiers", TIERS))
        & (creators["fake_share"] <= vetting.get("max_fake_share", 1.0))
        & ~creators["influencer_id"].isin(posts["influencer_id"])
    ]
    ranked = pool.assign(score=_fit_score(campaign, pool, audience)).sort_values(
        ["score", "influencer_id"], ascending=[False, True]
    )
    extras = ranked.head(len(PIPELINE_EXTRAS)).assign(stage=list(PIPELINE_EXTRAS)[: len(ranked)])
    approached = extras["stage"] != "identified"
    others = pd.DataFrame(
        {
            "influencer_id": extras["influencer_id"],
            "stage": extras["stage"],
            "deliverable": np.where(approached, extras["platform"].map(MAIN_FORMAT), ""),
            "quantity": np.where(approached, "1", ""),
            "agreed_fee": "",
            "currency": "",
            "updated": [
                (start - timedelta(days=PIPELINE_DAYS_BEFORE[s])).isoformat()
                for s in extras["stage"]
            ],
            "notes": extras["stage"].map(PIPELINE_NOTES),
        }
    )
    columns = ["influencer_id", "stage", "deliverable", "quantity", "agreed_fee", "currency",
               "updated", "notes"]  # fmt: skip
    return pd.concat([done[columns], others[columns]], ignore_index=True)


def _repair_yaml_markets(campaign: dict) -> dict:
    """Undo YAML 1.1 reading Norway's code ``NO`` as ``False`` in markets and audience countries."""

    def code(value: object) -> str:
        return "NO" if value is False else str(value)

    audience = dict(campaign.get("audience") or {})
    if audience.get("countries"):
        audience["countries"] = {code(k): v for k, v in audience["countries"].items()}
    return {**campaign, "markets": [code(m) for m in campaign["markets"]], "audience": audience}


def _pick_creators(
    campaign: dict, creators: pd.DataFrame, audience: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Choose 12 to 15 creators the way a planner would: right niche, right audience, clean,
    and affordable within each market's share of the budget (90% of it, keeping a reserve)."""
    vetting = campaign.get("vetting", {})
    markets = list(campaign["markets"])
    pool = creators[
        creators["market"].isin(markets)
        & creators["platform"].isin(vetting.get("platforms", PLATFORMS))
        & creators["tier"].isin(vetting.get("tiers", TIERS))
        & (creators["fake_share"] <= vetting.get("max_fake_share", 1.0))
    ]
    # Awareness buys frequency: most creators post more than once.
    odds = (0.15, 0.45, 0.4) if campaign["objective"] == "awareness" else (0.3, 0.4, 0.3)
    ranked = pool.assign(
        score=_fit_score(campaign, pool, audience) + 0.3 * rng.gumbel(size=len(pool)),
        posts=rng.choice((1, 2, 3), size=len(pool), p=odds),
    ).sort_values(["score", "influencer_id"], ascending=[False, True])
    quotas = _market_quotas(campaign, int(rng.integers(12, 16)))
    budget_usd = (
        float(campaign.get("budget", np.inf)) / PER_EUR[campaign["currency"]] * PER_EUR["USD"]
    )
    picks = []
    for market, quota in quotas.items():
        envelope = 0.9 * budget_usd * quota / sum(quotas.values())
        candidates = ranked[ranked["market"] == market]
        planned = candidates["list_price_usd"] * candidates["posts"]
        # Walk down the ranking, skipping anyone the remaining envelope cannot pay.
        spent, chosen = 0.0, []
        for index, price in planned.items():
            if len(chosen) < quota and spent + price <= envelope:
                chosen.append(index)
                spent += price
        picks.append(candidates.loc[chosen])
    return pd.concat(picks)


def _fit_score(campaign: dict, pool: pd.DataFrame, audience: pd.DataFrame) -> pd.Series:
    """How well each creator fits: niche, audience in the campaign markets, clean followers."""
    wanted = set(campaign.get("audience", {}).get("interests", []))
    niche = pool["interests"].str.split("|").map(lambda i: bool(wanted & set(i)))
    countries = audience[
        (audience["dimension"] == "country") & audience["segment"].isin(campaign["markets"])
    ]
    fit = countries.assign(share=countries["share"].astype(float)).groupby("influencer_id")["share"]
    return (
        1.5 * niche
        + pool["influencer_id"].map(fit.sum()).fillna(0)
        - 2 * pool["fake_share"]
        + _objective_bonus(pool, campaign["objective"])
    )


def _objective_bonus(pool: pd.DataFrame, objective: str) -> pd.Series:
    """Every objective values reach; engagement also values audiences livelier than their tier."""
    bonus = 0.6 * np.log10(pool["followers"] / 1e4)
    if objective == "engagement":
        rate = (pool["avg_likes"] + pool["avg_comments"]) / pool["followers"]
        typical = rate.groupby([pool["platform"], pool["tier"]]).transform("median")
        bonus += 0.5 * np.log(rate / typical)
    return bonus


def _market_quotas(campaign: dict, total: int) -> dict[str, int]:
    """Creators per market in proportion to the audience plan (largest remainders, at least 1)."""
    markets = list(campaign["markets"])
    weights = campaign.get("audience", {}).get("countries") or dict.fromkeys(markets, 1.0)
    share = np.array([float(weights.get(m, 0)) for m in markets])
    exact = total * share / share.sum()
    quotas = np.maximum(np.floor(exact).astype(int), 1)
    for i in np.argsort(-(exact - np.floor(exact)), kind="stable")[: max(total - quotas.sum(), 0)]:
        quotas[i] += 1
    return dict(zip(markets, quotas.tolist(), strict=True))


def _schedule_posts(
    picks: pd.DataFrame, start: date, end: date, rng: np.random.Generator
) -> pd.DataFrame:
    """One to three posts per picked creator on dates inside the window, A/B split evenly."""
    posts = picks.loc[picks.index.repeat(picks["posts"])].reset_index(drop=True)
    days = rng.integers(0, (end - start).days + 1, len(posts))
    posts["posted_at"] = [start + timedelta(days=int(d)) for d in days]
    formats = []
    for platform, has_video, draw in zip(
        posts["platform"], posts["has_video"], rng.random(len(posts)), strict=True
    ):
        options, weights = CAMPAIGN_FORMATS[platform]
        chosen = options[int(np.searchsorted(np.cumsum(weights), draw * sum(weights)))]
        formats.append("feed_post" if chosen == "reel" and not has_video else chosen)
    posts["format"] = formats
    posts["variant"] = _blocked_variants(posts, rng)
    posts["repeat_discount"] = np.where(posts.duplicated("influencer_id"), 0.9, 1.0)
    return posts


def _blocked_variants(posts: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """A/B variants alternating within similar posts (platform, format, size), as a planned
    test does, so neither variant gets all the big accounts or all the stories."""
    order = np.lexsort((posts["followers"], posts["format"], posts["platform"]))
    alternating = np.array(["A", "B"])[(np.arange(len(posts)) + rng.integers(2)) % 2]
    variants = np.empty(len(posts), dtype=object)
    variants[order] = alternating
    return variants


def _measure_posts(
    posts: pd.DataFrame, objective: str, currency: str, rng: np.random.Generator
) -> pd.DataFrame:
    """Delivery, engagement, funnel and cost of each campaign post."""
    size = len(posts)
    fmt, platform = posts["format"], posts["platform"]
    real_followers = posts["followers"] * (1 - posts["fake_share"])
    reach = np.where(
        fmt.isin(VIDEO_FORMATS),
        0.85 * posts["avg_views"],
        real_followers * fmt.map(STATIC_REACH).fillna(0),
    ) * _lognormal(rng, 1, 0.35, size)
    reach = np.maximum(np.round(reach), 1).astype(np.int64)
    impressions = np.round(reach * rng.uniform(1.1, 1.6, size)).astype(np.int64)
    views = np.select(
        [fmt.isin(VIDEO_FORMATS), fmt == "story", fmt == "live"],
        [impressions * rng.uniform(0.7, 0.95, size), impressions, reach],
        0,
    )
    engagement = _campaign_engagement(posts, objective, rng)
    funnel = _campaign_funnel(posts, impressions, reach, objective, currency, rng)
    return pd.DataFrame(
        {
            "influencer_id": posts["influencer_id"],
            "platform": platform,
            "market": posts["market"],
            "posted_at": posts["posted_at"],
            "format": fmt,
            "variant": posts["variant"],
            "impressions": impressions,
            "reach": reach,
            "views": np.round(views).astype(np.int64),
            **engagement,
            **funnel,
        }
    )


def _campaign_engagement(
    posts: pd.DataFrame, objective: str, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Likes, comments, shares and saves of campaign posts (stories get replies, not likes)."""
    size = len(posts)
    story = (posts["format"] == "story").to_numpy()
    lift = 0.8 * FUNNEL[objective]["eng"] * _lognormal(rng, 1, 0.3, size)
    likes = np.round(posts["avg_likes"] * lift * np.where(story, 0.05, 1.0))
    comments = np.round(posts["avg_comments"] * lift * np.where(story, 0.1, 1.0))
    social = 1.3 if objective == "engagement" else 1.0
    shares = likes * _lognormal(rng, posts["platform"].map(SHARES_PER_LIKE), 0.4, size) * social
    saves = likes * _lognormal(rng, posts["platform"].map(SAVES_PER_LIKE), 0.4, size) * social
    return {
        "likes": likes.astype(np.int64).to_numpy(),
        "comments": comments.astype(np.int64).to_numpy(),
        "shares": np.round(shares).astype(np.int64).to_numpy(),
        "saves": np.round(saves).astype(np.int64).to_numpy(),
    }


def _campaign_funnel(
    posts: pd.DataFrame,
    impressions: np.ndarray,
    reach: np.ndarray,
    objective: str,
    currency: str,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Clicks, code redemptions, conversions, revenue and cost in the campaign currency."""
    size, funnel = len(posts), FUNNEL[objective]
    intent = posts["platform"].map(INTENT_BY_PLATFORM).to_numpy()
    ctr = (
        funnel["ctr"] * posts["format"].map(CTR_BY_FORMAT) * posts["platform"].map(CTR_BY_PLATFORM)
    )
    if objective == "conversion":
        ctr = ctr * np.where(posts["variant"] == "B", VARIANT_B_CTR_LIFT, 1.0)
    ctr = np.clip(ctr.to_numpy() * _lognormal(rng, 1, 0.15, size), 0, 0.2)
    clicks = rng.binomial(impressions, ctr)
    codes = rng.binomial(
        reach, np.clip(funnel["codes"] * intent * _lognormal(rng, 1, 0.3, size), 0, 1)
    )
    conversions = rng.binomial(clicks, np.clip(funnel["cvr"] * intent, 0, 1)) + codes
    rate = PER_EUR[currency] / PER_EUR["USD"]
    revenue = conversions * funnel["order_usd"] * rate * _lognormal(rng, 1, 0.15, size)
    fee = posts["list_price_usd"] * posts["format"].map(FORMAT_FEE) * posts["repeat_discount"]
    cost = fee.to_numpy() * rng.uniform(0.9, 1.1, size) * rate
    return {
        "link_clicks": clicks,
        "code_redemptions": codes,
        "conversions": conversions,
        "revenue": _fixed(revenue, 2),
        "currency": currency,
        "cost": _fixed(cost, 2),
    }
