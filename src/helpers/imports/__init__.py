"""Importing a tool's export into the project's tables, by import profiles (YAML data files).

* :mod:`~helpers.imports.profiles`: the profile files and their model;
* :mod:`~helpers.imports.reading`: an export's cells (CSV, ``.xlsx``, JSON) in its own headers;
* :mod:`~helpers.imports.apply`: headers to our columns, words to ours, derived columns;
* :mod:`~helpers.imports.attribution`: orders and key events credited to creators by code or
  UTM source within the campaign's window;
* :mod:`~helpers.imports.importing`: :func:`import_files`, which writes the tables and says
  what was mapped, derived and not used.
"""

from __future__ import annotations

from helpers.imports.attribution import CONVERSIONS, Window, campaign_window, read_codes
from helpers.imports.importing import ImportReport, import_files
from helpers.imports.profiles import PROFILES_DIR, Profile, load_profile, profile_names

__all__ = [
    "CONVERSIONS",
    "ImportReport",
    "PROFILES_DIR",
    "Profile",
    "Window",
    "campaign_window",
    "import_files",
    "load_profile",
    "profile_names",
    "read_codes",
]
