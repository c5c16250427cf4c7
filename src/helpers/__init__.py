"""influencer-playbook helpers: the functions behind every notebook, report and command.

The package is laid out in layers, and imports point down only:

- ``helpers.run``: running campaigns (runner, kernels, pages, PDF, batch, portfolio, the CLI);
- ``helpers.stages``: one package per stage (``landscape``, ``goals``, ``vetting``,
  ``negotiation``, ``calendar``, ``monitoring``, ``roi``) and the stage registry;
- ``helpers.report`` and ``helpers.text``: what a page shows (findings, tables, sources, the
  chart theme) and how text reads (message catalogues, one formatter, one vocabulary);
- ``helpers.core``: the campaign file, the data files, reference tables, artifacts, errors;
- ``helpers.training`` (exercises, the playbook site) and ``helpers.sample`` (the demo world).

This top level stays light so that ``playbook`` starts quickly.
"""

__version__ = "0.1.0"
