"""Spesifikasjonen features/informasjonskapsler.feature, run against the engine (steps in conftest.py)."""

from pytest_bdd import scenarios

scenarios("informasjonskapsler.feature")
