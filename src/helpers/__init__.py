"""influencer-playbook helpers: the functions behind every notebook, report and command.

Import the stage modules directly (``from helpers import campaign, landscape``); this package
keeps its top level light so that ``playbook`` starts quickly.
"""

__version__ = "0.1.0"
