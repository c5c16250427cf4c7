"""The stages of a campaign, one package each, and the registry that lists them in order."""
