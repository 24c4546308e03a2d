"""Markedsføring: features/markedsforing.feature."""

from pytest_bdd import scenarios

scenarios("markedsforing.feature")
