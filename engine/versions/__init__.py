"""CompiledPolicy versions: the behavioural difference between two rule sets, and static checks of one.

Nothing in the engine imports this package; the command line does (personvern diff).
"""

from __future__ import annotations

from .diff import Diff, diff_policies
from .source import load_version

__all__ = ["Diff", "diff_policies", "load_version"]
