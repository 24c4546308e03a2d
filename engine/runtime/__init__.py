"""The runtime library: guards, fact providers, batch decisions and the decision log."""
