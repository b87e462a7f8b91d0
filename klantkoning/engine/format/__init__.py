"""What a file is: the scenario models and dimensions, the fast TOML reader, line locator,
reading any file safely, TOML error translation, problems, "did you mean", explanations of
validation errors, the JSON Schema and the ``new`` template.

The bottom layer of the engine: it may use only the standard library, pydantic and
``klantkoning.i18n`` (for messages), never another part of the engine.
"""
