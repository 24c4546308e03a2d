"""The data the engine speaks: the compiled policy (data only), operations, decisions and
their parsing. Imports lang and errors only."""
