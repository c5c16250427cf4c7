"""The check before a run (can the campaign run on the data it names?), made in the kernel the
stages will run in, so that the data files it reads are read in the process that uses them.

:func:`helpers.core.readiness.readiness_problems` needs every table of the campaign loaded. In
the runner's own process that load served nothing else; in the kernel, what
:mod:`helpers.core.data` keeps of it is still there for the stages (a kernel's reset empties
the notebook's namespace, never the imported modules). When the kernel cannot do it (it would
not start, it died, the check itself broke) the check is made here instead, with the same
result and the same errors.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpers.core.campaign import Campaign
from helpers.core.errors import InputError

# Run in the kernel: the same calls as the in-process check below. Problems name files as the
# user's shell sees them, so the check runs in this process's working directory (the reset
# before the first stage puts the kernel back in the notebooks' folder).
READINESS_CHECK = """\
def __playbook_check(campaign_file, cwd):
    import os
    from helpers.core.campaign import load_campaign
    from helpers.core.data import load_campaign_data
    from helpers.core.errors import InputError
    from helpers.core.readiness import readiness_problems
    os.chdir(cwd)
    campaign = load_campaign(campaign_file)
    try:
        return readiness_problems(campaign, load_campaign_data(campaign), campaign_file)
    except InputError as error:
        return list(error.problems)
__playbook_problems = __playbook_check(__FILE__, __CWD__)
del __playbook_check
"""


def readiness_problems_here(campaign: Campaign, campaign_file: Path) -> list[str]:
    """Every reason the campaign cannot run, checked in this process."""
    from helpers.core.data import load_campaign_data
    from helpers.core.readiness import readiness_problems

    try:
        return readiness_problems(campaign, load_campaign_data(campaign), campaign_file)
    except InputError as error:
        return list(error.problems)


def check_campaign(
    campaign: Campaign, campaign_file: Path, pool, cwd: Path, timeout: float
) -> list[str]:
    """Every reason the campaign cannot run (none: it can), checked in the pool's next kernel.

    Parameters
    ----------
    campaign : Campaign
        The campaign, loaded from ``campaign_file``.
    campaign_file : Path
        Its file (resolved).
    pool : KernelPool
        The run's kernels; the check runs in the one the first stage will get.
    cwd : Path
        The first stage's working directory (the kernel starts there when it is new).
    timeout : float
        Seconds the check may take in the kernel before it is made here instead.
    """
    code = READINESS_CHECK.replace("__FILE__", repr(str(campaign_file)))
    code = code.replace("__CWD__", repr(os.getcwd()))
    try:
        problems = pool.evaluate(cwd, code, "__playbook_problems", timeout)
    except Exception:  # no kernel, a dead one, or a broken check: here it says why
        return readiness_problems_here(campaign, campaign_file)
    if not isinstance(problems, list) or not all(isinstance(p, str) for p in problems):
        return readiness_problems_here(campaign, campaign_file)
    return problems
