"""Read and write plan files (`samordna/1`, see docs/plan-file.md).

- `safe_yaml`: the YAML loader and dumper (Decimal floats, size and node limits, plain
  data only, Swedish YAML error messages) and `PlanFileError`.
- `schema`: every object's keys in canonical order, for reader and writer alike.
- `reader`: `read_plan`, YAML text → `Plan` and warnings, every error by its path.
- `writer`: `plan_to_dict` and `dump_plan`, the canonical file; dump → read → dump is the identity.
"""

from .reader import MAX_AMOUNT, SLUG, TIME, read_plan
from .safe_yaml import MAX_BYTES, MAX_NODES, PlanFileError, count_nodes, dump_yaml, load_yaml
from .schema import FORMAT, INTERVENTION_KEYS, TOP_KEYS, Shape
from .writer import dump_plan, plan_to_dict

__all__ = [
    "FORMAT", "INTERVENTION_KEYS", "MAX_AMOUNT", "MAX_BYTES", "MAX_NODES", "SLUG", "TIME",
    "TOP_KEYS", "PlanFileError", "Shape", "count_nodes", "dump_plan", "dump_yaml", "load_yaml",
    "plan_to_dict", "read_plan",
]
