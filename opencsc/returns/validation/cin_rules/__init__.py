"""CIN census validation rules, one module per table or theme. Importing this package
registers every rule with the engine."""

from . import assessments, child, episodes, plans, section47  # noqa: F401
