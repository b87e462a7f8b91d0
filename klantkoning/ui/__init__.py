"""Everything Textual: the app, its screens and widgets. The engine never imports this."""
