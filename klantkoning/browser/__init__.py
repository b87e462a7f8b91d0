"""``klantkoning serve``: the whole game in a browser, one app process per browser tab."""
