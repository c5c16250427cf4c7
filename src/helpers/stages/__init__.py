"""The stages of a campaign, one package each, and the registry that lists them in order."""

import helpers.core.pandas_options  # noqa: F401  (text columns as the helpers expect)
