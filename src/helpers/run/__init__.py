"""Running campaigns: the stage notebooks executed with papermill in reused kernels, their
code-free report pages, PDFs, batches on cores or a Dask cluster, the portfolio page and the
``playbook`` command.

Dependencies point down: ``run`` uses the stages, the report helpers, the text layer and the
core; nothing below imports ``run``.
"""
