"""Deciding: the evaluator (pure, no I/O; the date is an input), prepared operations (its
partial evaluation), retention, rights requests and breaches."""
