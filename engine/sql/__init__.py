"""personvern.sql: the policy run where the data lives.

Retention decisions and audiences compiled to SQL (sqlglot syntax trees, rendered per
dialect), run on DuckDB by default. The compiler reads the rules' data (rule kinds,
anchors, periods, condition ASTs) and never names a rule, clause or term of its own.
Nothing in the engine imports this package.
"""

from __future__ import annotations

from .audience import Audience, audience_query, compile_audience
from .inventory import Inventory, InventoryError, TableSpec, inventory_from_data, load_inventory
from .retention_sql import COLUMNS, INVALID, SqlCompileError, compile_sweep, compile_table
from .run import DataError, connect
from .subject import InventoryFinding, SubjectAnswer, check_inventory, rights_request

__all__ = [
    "COLUMNS", "INVALID", "Audience", "DataError", "Inventory", "InventoryError", "SqlCompileError", "TableSpec",
    "InventoryFinding", "SubjectAnswer", "audience_query", "check_inventory", "compile_audience", "compile_sweep", "compile_table",
    "connect", "inventory_from_data", "load_inventory", "rights_request",
]
