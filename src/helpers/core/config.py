"""Where things are: the project root and its folders, found from this file.

Papermill runs notebooks from other working directories, so nothing here depends on the
current directory.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"
CAMPAIGNS_DIR = DATA_DIR / "campaigns"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
DEMO_CAMPAIGN = CAMPAIGNS_DIR / "aurora-baltics-2027.yaml"
KERNEL_NAME = "influencer-playbook"
#: campaign ids that would put a report where the project keeps something else under reports/
RESERVED_IDS = {
    "lab": "reports/lab/ holds the notebooks' interactive runs",
}


def project_path(path: str | Path) -> Path:
    """Resolve ``path`` against the project root unless it is already absolute.

    Parameters
    ----------
    path : str or Path
        A path such as ``"data/campaigns/aurora-baltics-2027.yaml"``.

    Returns
    -------
    Path
        The absolute path.
    """
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
