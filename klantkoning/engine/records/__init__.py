"""Learning records for an organisation's own LRS (xAPI 1.0.3), sent only when configured.

Here: the configuration (``klantkoning.toml`` ``[lrs]`` or environment variables), the
statements a solo play and a workshop produce, the durable outbox in the saves folder, the
HTTP client and the push with backoff, and the team overview (from saves or from the LRS).

The top layer of the engine: it may use every layer below, including saves and workshop
(it turns their records into statements); nothing in the engine uses it.
"""
