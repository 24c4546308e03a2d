"""A parsed input file and where each of its values stands in the source (file, line, column)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem


@dataclass
class Document:
    """A parsed file: its data, and where each JSON path starts in the source."""

    file: str
    data: Any
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # value positions
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Scalars whose text does not start at their position: 1 for a quoted one-line string,
    # None when columns in the text cannot be mapped to the file (block, multi-line, escapes).
    text_offsets: dict[str, int | None] = field(default_factory=dict)

    def problem(self, code: str, message: str, path: str = "$", at_key: bool = False) -> Problem:
        pos = self.locate(path, at_key)
        return Problem(code, message, self.file, pos[0] if pos else None, pos[1] if pos else None, path)

    def locate(self, path: str, at_key: bool = False) -> tuple[int, int] | None:
        table = self.key_positions if at_key else self.positions
        probe = path
        while True:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            if cut <= 0:
                return self.positions.get("$")
            probe = probe[:cut]
