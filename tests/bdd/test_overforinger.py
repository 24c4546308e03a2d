"""Spesifikasjonen features/overforinger.feature, run against the engine (steps in conftest.py)."""

from pytest_bdd import scenarios

scenarios("overforinger.feature")
