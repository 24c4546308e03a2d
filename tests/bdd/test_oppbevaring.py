"""Spesifikasjonen features/oppbevaring.feature, run against the engine (steps in conftest.py)."""

from pytest_bdd import scenarios

scenarios("oppbevaring.feature")
